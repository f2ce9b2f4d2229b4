import { audit } from "../../core/audit.js";
import { number, param } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { UserError } from "../../core/context.js";
import { fingerprint } from "../../crypto/signing.js";
import { SigningKeys } from "../keys.js";
import { AlertStore } from "../store.js";

/** `/network verifiers` (admins): this chat receives new reports to check. */
export const networkVerifiers = defineCommand({
  id: "network.verifiers",
  words: ["network", "verifiers"],
  esWords: ["red", "verificacion"],
  esAliases: [["red", "verificadores"]],
  summary: "alert.cmd.verifiers",
  params: [],
  access: "admin",
  where: "group",
  run(ctx) {
    const marked = new AlertStore(ctx.db).markVerifierChat(ctx.chat.ref, ctx.net.id, ctx.now);
    if (!marked) {
      ctx.reply(ctx.t("alert.verifiersAlready"));
      return;
    }
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "alert.verifierChat", subject: ctx.chat.ref, at: ctx.now });
    ctx.reply(ctx.t("alert.verifiersMarked"));
    ctx.noticeIfNotEncrypted();
  },
});

/** `/network quorum K` (admins): how many distinct verifiers must confirm. */
export const networkQuorum = defineCommand({
  id: "network.quorum",
  words: ["network", "quorum"],
  esWords: ["red", "quorum"],
  summary: "alert.cmd.quorum",
  params: [param("quorum", number({ min: 1, max: 9, message: "alert.badQuorum" }), { label: "param.alert.k", noun: "arg.alert.quorum" })],
  access: "admin",
  run(ctx, { quorum: k }) {
    // A quorum no set of verifiers can reach would leave every report to expire unverified.
    const verifiers = ctx.services.people.countWithRole(ctx.net.id, "verifier");
    if (verifiers === 0) throw new UserError("alert.quorumNoVerifiers", { k });
    if (k > verifiers) throw new UserError("alert.quorumTooHigh", { k, count: verifiers });
    new AlertStore(ctx.db).setQuorum(ctx.net.id, k);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "alert.quorum", subject: String(k), at: ctx.now });
    ctx.reply(k === 1 ? `${ctx.t("alert.quorumSetOne")}\n${ctx.t("alert.quorumOneWarning")}` : ctx.t("alert.quorumSet", { k }));
  },
});

/** `/network key`: the fingerprint (and public key) of the network's alert signing key, to publish. */
export const networkKey = defineCommand({
  id: "network.key",
  words: ["network", "key"],
  esWords: ["red", "clave"],
  summary: "alert.cmd.key",
  params: [],
  access: "member",
  run(ctx) {
    const key = new SigningKeys(ctx.db).current(ctx.net.id);
    if (!key) {
      ctx.reply(ctx.t("alert.keyNone", { network: ctx.net.name, id: ctx.net.id }));
      return;
    }
    ctx.reply(ctx.t("alert.keyShow", { network: ctx.net.name, fingerprint: fingerprint(key.publicKey), key: key.publicKey }));
  },
});
