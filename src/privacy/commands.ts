import { audit, latestAudit } from "../core/audit.js";
import { number, param, text } from "../core/commands/params.js";
import { defineCommand } from "../core/commands/registry.js";
import { type CommandContext, PLATFORM_NAMES, UserError } from "../core/context.js";
import { t } from "../core/i18n/catalog.js";
import type { Lang } from "../core/i18n/catalog.js";
import { markCompactionDue } from "../store/compact.js";
import { CONFIRMATION_MINUTES, Confirmations } from "./confirmations.js";
import { wipeCommand } from "./wipe.js";
import { auditLine, countAll, holdsMoreThanProfile, removedLines, retentionLines, storedLines } from "./render.js";

/** Most entries `/audit N` shows; default when N is left out. */
export const AUDIT_MAX = 50;
const AUDIT_DEFAULT = 10;

/** Networks the person belongs to, by id. */
function networksOf(ctx: CommandContext): number[] {
  return ctx.services.people.networkIdsOf(ctx.person.id);
}

/** "Chats of “Eastside”: Telegram: 2 (0 end-to-end encrypted); Matrix: 1 (1 end-to-end encrypted)." per network. */
function chatLines(ctx: CommandContext, lang: Lang): string[] {
  const { networks, capabilitiesOf } = ctx.services;
  const lines: string[] = [];
  for (const networkId of networksOf(ctx)) {
    const network = networks.get(networkId);
    if (!network) continue;
    const chats = [...networks.chatCounts(networkId).entries()]
      .map(([platform, refs]) =>
        t(lang, "privacy.chatsLine", { platform: PLATFORM_NAMES[platform], count: refs.length, encrypted: refs.filter((r) => capabilitiesOf(r)?.e2ee).length }),
      )
      .join("; ");
    lines.push(t(lang, "privacy.chatsHeader", { name: network.name, chats: chats || "0" }));
  }
  return lines.length > 0 ? lines : [t(lang, "privacy.noNetwork")];
}

/** `/privacy`: what is stored about the asker, how long, and which chats are encrypted; privately. */
export const privacyCommand = defineCommand({
  id: "privacy",
  words: ["privacy"],
  esWords: ["privacidad"],
  summary: "privacy.cmd.privacy",
  params: [],
  access: "anyone",
  run(ctx) {
    const found = countAll(ctx.db, ctx.services.personalData, ctx.person);
    const platform = PLATFORM_NAMES[ctx.chat.platform];
    const here = (lang: Lang) =>
      ctx.chat.caps.e2ee
        ? t(lang, "privacy.chatEncrypted")
        : t(lang, ctx.chat.isDirect ? "privacy.directNotEncrypted" : "privacy.chatNotEncrypted", { platform });
    ctx.replyPrivately((lang) =>
      [
        t(lang, "privacy.header", { platform }),
        ...storedLines(lang, found, ctx.services.settings.retention),
        t(lang, "privacy.neverStored"),
        ...retentionLines(lang, ctx.services.settings.retention, ctx.services.settings.retentionPeriods),
        ...chatLines(ctx, lang),
        here(lang),
        t(lang, "privacy.howToForget"),
      ].join("\n"),
    );
  },
});


/**
 * `/forgetme [CODE]`, in a private chat: first a summary of what would go and a one-time code
 * (also as a button), then, with the code, everything is removed in every network.
 */
export const forgetMe = defineCommand({
  id: "forgetme",
  words: ["forgetme"],
  esWords: ["olvidame"],
  aliases: [["forget-me"]],
  esAliases: [["olvídame"]],
  summary: "privacy.cmd.forgetme",
  params: [param("code", text({ max: 20, trim: false }), { label: "param.privacy.code", noun: "arg.privacy.code", optional: true })],
  access: "anyone",
  button: true,
  run(ctx, { code }) {
    if (!ctx.chat.isDirect) throw new UserError("privacy.forgetDirectOnly");
    const person = ctx.person;
    const found = countAll(ctx.db, ctx.services.personalData, person);
    if (!holdsMoreThanProfile(found)) {
      // Nothing but the bare row (which this very command may have just created): drop it, so a
      // stranger leaves no trace, and say there was nothing to forget.
      for (const hook of ctx.services.personalData) if (hook.id === "core") hook.forget(ctx, person);
      ctx.reply(ctx.t("privacy.forgetNothing"));
      return;
    }
    // A network whose only admin leaves cannot be run any more: hand the role over first.
    const orphaned = ctx.services.people.networksLeftWithoutAdmin(person.id);
    if (orphaned.length > 0) throw new UserError("privacy.lastAdmin", { networks: orphaned.join(", ") });
    const confirmations = new Confirmations(ctx.db);
    if (code === undefined) {
      const fresh = confirmations.issue(person.id, ctx.now);
      ctx.reply({
        text: ctx.t("privacy.forgetConfirm", { items: removedLines(ctx.lang, found).join("\n"), code: fresh, minutes: CONFIRMATION_MINUTES }),
        buttons: [{ label: ctx.t("privacy.forgetButton"), action: "forgetme", payload: fresh }],
      });
      return;
    }
    if (!confirmations.redeem(person.id, code, ctx.now)) throw new UserError("privacy.badCode");
    const networkIds = networksOf(ctx);
    const removed = ctx.services.personalData.map((hook) => ({ hook, counts: hook.forget(ctx, person) }));
    // Who asked is not recorded: the entry says only that a member of this network was forgotten.
    for (const networkId of networkIds) audit(ctx.db, { networkId, actorId: null, action: "privacy.forget", at: ctx.now });
    markCompactionDue(ctx.db);
    ctx.eraseBeforeReply();
    ctx.reply(ctx.t("privacy.forgotten", { items: removedLines(ctx.lang, removed).join("\n") }));
  },
});

/** `/audit [N]` (admins): the latest N privileged actions of the network, by direct message. */
export const auditCommand = defineCommand({
  id: "audit",
  words: ["audit"],
  esWords: ["auditoria"],
  esAliases: [["auditoría"]],
  summary: "privacy.cmd.audit",
  params: [
    param("count", number({ min: 1, max: AUDIT_MAX, message: "privacy.auditBadCount" }), { label: "param.privacy.count", noun: "arg.privacy.count", optional: true }),
  ],
  access: "admin",
  run(ctx, { count }) {
    const limit = count ?? AUDIT_DEFAULT;
    const entries = latestAudit(ctx.db, ctx.net.id, limit);
    const { people, settings } = ctx.services;
    const nameOf = (id: number) => people.byId(id)?.displayName ?? null;
    const { tz, name } = ctx.net;
    // For admins alone: not even an encrypted room's other members.
    ctx.replyToAsker((lang) =>
      entries.length === 0
        ? t(lang, "privacy.auditEmpty", { days: settings.retention.auditDays })
        : [t(lang, "privacy.auditHeader", { name, tz }), ...entries.map((e) => auditLine(lang, tz, e, nameOf, ctx.now))].join("\n"),
    );
  },
});

export const privacyCommands = [privacyCommand, forgetMe, auditCommand, wipeCommand];
