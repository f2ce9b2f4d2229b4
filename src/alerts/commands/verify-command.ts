import { inertText } from "../../core/inert.js";
import { param, text } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import type { CommandContext } from "../../core/context.js";
import { formatWhen, formatWhenInSentence } from "../../core/time.js";
import { fingerprint } from "../../crypto/signing.js";
import { SigningKeys } from "../keys.js";
import type { AlertMessage } from "../ledger.js";
import { hasSignatureCode, type Verdict, verifyAlertText } from "../verification.js";

/**
 * `/verify CODE` or `/verify` followed by a pasted alert: genuine or not, on any platform, for
 * anyone (a forwarded alert may reach people outside the network).
 */
export const alertVerify = defineCommand({
  id: "alert.verify",
  words: ["verify"],
  esWords: ["verificar"],
  summary: "alert.cmd.verify",
  // Declared for the usage line and menus; the value is read from the raw line in `run`.
  params: [param("pasted", text({ min: 0, max: 4000, trim: false }), { label: "param.alert.code", noun: "arg.alert.pasted", rest: true })],
  access: "anyone",
  claimsText: hasSignatureCode,
  // Hidden characters in a pasted alert are evidence of tampering: it reads the text as typed,
  // and what it echoes of it (the typed code, a word) is made inert below.
  readsRawText: true,
  // The raw line is read below: tokens lose the line breaks and quotes a pasted alert has.
  bind: () => ({ pasted: "" }),
  run(ctx) {
    const raw = ctx.event.kind === "command" ? ctx.event.args : "";
    ctx.reply(verdictText(ctx, verifyAlertText(ctx.db, raw, ctx.now)));
  },
});

type Found = Extract<Verdict, { kind: "found" }>;

/** The answer a member sees: the verdict, whose alert it is, what was signed, and where it stands. */
function verdictText(ctx: CommandContext, verdict: Verdict): string {
  switch (verdict.kind) {
    case "noCode":
      return ctx.t("alert.verifyNoCode");
    case "malformed":
      return ctx.t("alert.verifyMalformed", { typed: inertText(verdict.typed, { multiline: false }) });
    case "unknown":
      return ctx.t("alert.verifyUnknown", { code: verdict.code });
    case "found":
      return foundText(ctx, verdict);
  }
}

function foundText(ctx: CommandContext, v: Found): string {
  const { seal, check } = v;
  const network = seal.networkName;
  const what = ctx.t(`alert.verifyWhat.${seal.kind}`, { num: seal.alertNum });
  const when = formatWhenInSentence(seal.issuedAt, seal.tz, ctx.lang, ctx.now);
  const lines: string[] = [];
  switch (check.kind) {
    case "code":
      lines.push(ctx.t("alert.verifyCode", { code: v.code, what, network, when }));
      break;
    case "match":
      lines.push(ctx.t("alert.verifyMatch", { what, network, when }));
      if (check.marked) lines.push(ctx.t("alert.verifyMarked"));
      break;
    case "changed":
      lines.push(ctx.t("alert.verifyChanged", { code: v.code, what, network, word: inertText(check.word, { multiline: false }) }));
      break;
    case "lookalike":
      lines.push(ctx.t("alert.verifyLookalike", { code: v.code, letter: check.letter, codePoint: check.codePoint, word: inertText(check.word, { multiline: false }) }));
      break;
    case "hidden":
      lines.push(ctx.t("alert.verifyHidden", { code: v.code, codePoint: check.codePoint, word: inertText(check.word, { multiline: false }) }));
      break;
    case "purgedMismatch":
      lines.push(ctx.t("alert.verifyPurgedMismatch", { code: v.code, what, network }));
      break;
  }
  lines.push(
    v.key.retiredAt === null
      ? ctx.t("alert.verifyNetwork", { network, fingerprint: v.fingerprint })
      : ctx.t("alert.verifyNetworkRetired", { network, fingerprint: v.fingerprint, retired: formatWhenInSentence(v.key.retiredAt, seal.tz, ctx.lang, ctx.now) }),
  );
  const own = ctx.network;
  if (own && own.id !== seal.networkId) {
    const ownKey = new SigningKeys(ctx.db).current(own.id);
    lines.push(
      ctx.t(ctx.chat.isDirect ? "alert.verifyOtherNetworkDirect" : "alert.verifyOtherNetwork", {
        chatNetwork: own.name,
        network,
        chatFingerprint: ownKey ? fingerprint(ownKey.publicKey) : ctx.t("alert.verifyNoKeyYet"),
      }),
    );
  } else if (!own) {
    lines.push(ctx.t("alert.verifyCompareKey"));
  }
  if (v.message) {
    // The exact place only where this chat may see it: an encrypted chat of the alert's own network.
    const exact = ctx.chat.caps.e2ee && own?.id === seal.networkId;
    lines.push(ctx.t("alert.verifySigned"), ...signedLines(ctx, v.message, seal.alertNum, exact));
  } else {
    lines.push(ctx.t("alert.verifyTextGone"));
  }
  lines.push(statusLine(ctx, v));
  return lines.join("\n");
}

/** The signed fields as the broadcast labels them: what, seen, how many, where, times. */
function signedLines(ctx: CommandContext, m: AlertMessage, num: number, exact: boolean): string[] {
  const at = (ms: number) => formatWhen(ms, m.tz, ctx.lang, ctx.now);
  switch (m.kind) {
    case "alert":
      return [
        ctx.t("alert.bcWhat", { text: m.text }),
        ...(m.what ? [ctx.t("alert.bcSeen", { what: m.what })] : []),
        ...(m.size ? [ctx.t("alert.bcSize", { size: m.size })] : []),
        ctx.t("alert.bcWhere", { area: exact && m.place ? m.place : m.area || ctx.t("alert.notGiven") }),
        ctx.t("alert.bcWhen", { when: at(m.reportedAt) }),
        ctx.t("alert.bcUntil", { expires: at(m.expiresAt) }),
      ];
    case "update":
      return [ctx.t("alert.bcUpdateWhat", { text: m.text }), ctx.t("alert.bcUntil", { expires: at(m.expiresAt) })];
    case "cancel":
      return [ctx.t("alert.bcAllclearText", { num })];
  }
}

function statusLine(ctx: CommandContext, v: Found): string {
  const at = (ms: number) => formatWhenInSentence(ms, v.seal.tz, ctx.lang, ctx.now);
  const s = v.status;
  const num = v.seal.alertNum;
  switch (s.kind) {
    case "active":
      return ctx.t("alert.verifyStatusActive", { num, until: at(s.until) });
    case "updated":
      return s.text === null
        ? ctx.t("alert.verifyStatusUpdatedGone", { num, at: at(s.at), until: at(s.until) })
        : ctx.t("alert.verifyStatusUpdated", { num, at: at(s.at), text: s.text, until: at(s.until) });
    case "allclear":
      return ctx.t("alert.verifyStatusAllclear", { num, at: at(s.at) });
    case "expired":
      return ctx.t("alert.verifyStatusExpired", { num, at: at(s.at) });
  }
}
