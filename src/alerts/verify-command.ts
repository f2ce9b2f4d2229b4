import { z } from "zod";
import { defineCommand } from "../core/commands/registry.js";
import { formatWhen } from "../core/time.js";
import { hasSignatureCode, verifyAlertText } from "./verification.js";

/**
 * `/verify CODE` or `/verify` followed by a pasted alert: genuine or not, on any platform, for
 * anyone (a forwarded alert may reach people outside the network).
 */
export const alertVerify = defineCommand({
  id: "alert.verify",
  words: ["verify"],
  esWords: ["verificar"],
  summary: "alert.cmd.verify",
  params: [{ label: "param.alert.code", rest: true }],
  access: "anyone",
  claimsText: hasSignatureCode,
  // The raw line is read below: tokens lose the line breaks and quotes a pasted alert has.
  bind: () => ({}),
  schema: z.object({}),
  run(ctx) {
    const raw = ctx.event.kind === "command" ? ctx.event.args : "";
    const verdict = verifyAlertText(ctx.db, raw);
    switch (verdict.kind) {
      case "noCode":
        ctx.reply(ctx.t("alert.verifyNoCode"));
        return;
      case "unknown":
        ctx.reply(ctx.t("alert.verifyUnknown", { code: verdict.code }));
        return;
      case "tampered":
        ctx.reply(ctx.t("alert.verifyTampered", { code: verdict.code }));
        return;
      case "genuine": {
        const m = verdict.message;
        ctx.reply(
          ctx.t(verdict.retired ? "alert.verifyGenuineRetired" : "alert.verifyGenuine", {
            code: verdict.code,
            num: verdict.num,
            network: m.networkName,
            when: formatWhen(m.issuedAt, m.tz, ctx.lang),
            fingerprint: verdict.fingerprint,
          }),
        );
      }
    }
  },
});
