import { randomInt } from "node:crypto";
import { param, text } from "../core/commands/params.js";
import { defineCommand } from "../core/commands/registry.js";
import { UserError } from "../core/context.js";

/** How long a wipe request waits for a second admin. */
export const WIPE_CONFIRM_MINUTES = 5;

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * Pending in-chat wipe requests, one per network, in memory only: a restart forgets them, which
 * errs on the side of keeping the data. A wipe needs a second, different admin of the same network
 * to send the code within WIPE_CONFIRM_MINUTES.
 */
export class WipeRequests {
  private readonly pending = new Map<number, { code: string; by: number; expiresAt: number }>();

  /** A new code for a request by `personId` in `networkId`, replacing any earlier one. */
  request(networkId: number, personId: number, now: number): string {
    let code = "";
    for (let i = 0; i < 6; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    this.pending.set(networkId, { code, by: personId, expiresAt: now + WIPE_CONFIRM_MINUTES * 60_000 });
    return code;
  }

  /** Whether `personId` confirms a live request of another admin with its code. */
  confirm(networkId: number, personId: number, code: string, now: number): "wipe" | "same-admin" | "no-request" {
    const found = this.pending.get(networkId);
    if (!found || found.expiresAt <= now || found.code !== code.trim().toUpperCase()) return "no-request";
    if (found.by === personId) return "same-admin";
    this.pending.delete(networkId);
    return "wipe";
  }
}

/**
 * `/wipe [CODE]` (admins): the panic wipe. The first admin's `/wipe` gives a code (and a button);
 * a second admin's `/wipe CODE` within five minutes destroys the key material of the whole database
 * (every network on this server), so nothing on the server's disk can be read any more.
 */
export const wipeCommand = defineCommand({
  id: "wipe",
  words: ["wipe"],
  esWords: ["borrartodo"],
  esAliases: [["borrar-todo"], ["borrar", "todo"]],
  summary: "wipe.cmd",
  params: [param("code", text({ max: 20, trim: false }), { label: "param.privacy.code", noun: "arg.privacy.code", optional: true })],
  access: "admin",
  button: true,
  run(ctx, { code }) {
    const control = ctx.services.wipe;
    if (!control?.allows(ctx.net.id)) throw new UserError("wipe.unavailable");
    if (code === undefined) {
      const fresh = control.request(ctx.net.id, ctx.person.id, ctx.now);
      ctx.reply({
        text: ctx.t("wipe.requested", { minutes: WIPE_CONFIRM_MINUTES, code: fresh }),
        buttons: [{ label: ctx.t("wipe.button"), action: "wipe", payload: fresh }],
      });
      return;
    }
    const outcome = control.confirm(ctx.net.id, ctx.person.id, code, ctx.now);
    if (outcome === "same-admin") throw new UserError("wipe.sameAdmin");
    if (outcome === "no-request") throw new UserError("wipe.badCode", { minutes: WIPE_CONFIRM_MINUTES });
    ctx.reply(ctx.t("wipe.confirmed"));
    control.trigger();
  },
});
