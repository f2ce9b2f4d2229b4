import { parseRole, type Role } from "../auth.js";
import { audit } from "../audit.js";
import { type CommandContext, UserError } from "../context.js";
import { t, tn } from "../i18n/catalog.js";
import type { Person } from "../people.js";
import { mayKnow } from "../visibility.js";
import { foldWord } from "./grammar.js";
import { choice, member, param } from "./params.js";
import { defineCommand } from "./registry.js";
import { bindRoleArgs, resolveRoleTarget } from "./role-target.js";

/**
 * The roles one may grant, in either language: a fixed list, so Discord offers it as a choice and
 * Telegram as buttons when it is left out. `member` is no choice: everyone in the network is one.
 */
const grantedRoleChoice = choice(
  [
    { value: "lead", en: "lead", es: "coordinación", label: "role.lead" },
    { value: "verifier", en: "verifier", es: "verificación", label: "role.verifier" },
    { value: "admin", en: "admin", es: "admin", label: "role.admin" },
  ],
  { fold: (word) => parseRole(word) ?? foldWord(word) },
);

/** Grant and revoke: the member may be left out when the platform names them (a reply). */
const roleParams = [param("member", member({ max: 120 }), { optional: true }), param("role", grantedRoleChoice)] as const;

/**
 * How the answer names the member: what the admin typed, or, when the platform named them (mention,
 * reply, confirm button), the name it shows everyone anyway. Never the platform id.
 */
function echoed(ctx: CommandContext, who: string | undefined, member: Person): string {
  const mentioned = ctx.event.kind === "command" && (ctx.event.mentions?.length ?? 0) > 0;
  // A name the platform did not send (Discord gives only the id of a `<@id>` typed as text) is not shown.
  const known = member.displayName !== member.userId;
  if (who === undefined || who.startsWith("#") || who.startsWith("!")) return member.displayName;
  return mentioned && known ? member.displayName : who;
}

/** `/role grant MEMBER ROLE` (admins). */
export const roleGrant = defineCommand({
  id: "role.grant",
  words: ["role", "grant"],
  esWords: ["rol", "dar"],
  summary: "cmd.role.grant",
  params: roleParams,
  access: "admin",
  button: true,
  bind: bindRoleArgs,
  run(ctx, { member: who, role }) {
    const target = resolveRoleTarget(ctx, who, role, "grant");
    if (target.kind === "asked") return;
    const member = target.person;
    // Echo what the admin typed, not the member's full name: who holds which role is for /roles, privately.
    const params = { member: echoed(ctx, who, member), role };
    if (!ctx.services.people.grant(ctx.net.id, member.id, role, ctx.person.id, ctx.now)) throw new UserError("role.alreadyHas", params);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "role.grant", subject: role, subjectPersonId: member.id, at: ctx.now });
    // Who holds a role is not for a plain group (least of all who verifies): the admin is told privately.
    ctx.replyToAsker((lang) => t(lang, "role.granted", params), (lang) => t(lang, "role.changedNeutral"));
  },
});

/** `/role revoke MEMBER ROLE` (admins); the last admin cannot be removed. */
export const roleRevoke = defineCommand({
  id: "role.revoke",
  words: ["role", "revoke"],
  esWords: ["rol", "quitar"],
  summary: "cmd.role.revoke",
  params: roleParams,
  access: "admin",
  button: true,
  bind: bindRoleArgs,
  run(ctx, { member: who, role }) {
    const target = resolveRoleTarget(ctx, who, role, "revoke");
    if (target.kind === "asked") return;
    const member = target.person;
    const { people } = ctx.services;
    const params = { member: echoed(ctx, who, member), role };
    if (role === "admin" && people.roles(ctx.net.id, member.id).has("admin") && people.countWithRole(ctx.net.id, "admin") <= 1) {
      throw new UserError("role.lastAdmin");
    }
    if (!people.revoke(ctx.net.id, member.id, role)) throw new UserError("role.notHeld", params);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "role.revoke", subject: role, subjectPersonId: member.id, at: ctx.now });
    ctx.replyToAsker((lang) => t(lang, "role.revoked", params), (lang) => t(lang, "role.changedNeutral"));
  },
});

/**
 * `/roles` (admins): who holds which role. The member list with roles is an infiltrator's first
 * target list, so only admins get it (src/core/visibility.ts), and only privately.
 */
export const rolesList = defineCommand({
  id: "roles",
  words: ["roles"],
  esWords: ["roles"],
  summary: "cmd.roles",
  params: [],
  access: "admin",
  run(ctx) {
    const members = ctx.services.people.membersWithRoles(ctx.net.id);
    ctx.replyToAsker((lang) =>
      [
        t(lang, "roles.header", { name: ctx.net.name }),
        ...members.map(({ person, roles }) =>
          t(lang, "roles.line", {
            member: person.displayName,
            roles: ["member", ...roles.sort()].map((r) => t(lang, `role.${r as Role}`)).join(", "),
          }),
        ),
      ].join("\n"),
    );
  },
});

/**
 * `/leads` (`/coordinacion`): who the network's leads are, so a member knows whom to ask. Names only
 * when the network allows it (`/network leads visible`) or the asker is a lead or admin; never who
 * verifies. Names go privately.
 */
export const leadsList = defineCommand({
  id: "leads",
  words: ["leads"],
  esWords: ["coordinacion"],
  esAliases: [["coordinación"], ["coordinadores"]],
  summary: "cmd.leads",
  params: [],
  access: "member",
  run(ctx) {
    const leads = ctx.services.people.membersWithRoles(ctx.net.id).filter(({ roles }) => roles.includes("lead"));
    if (!mayKnow("leads", ctx.roles, ctx.choices)) {
      ctx.reply(ctx.t("leads.private", { leads: tn(ctx.lang, "leads.count", leads.length) }));
      return;
    }
    if (leads.length === 0) {
      ctx.reply(ctx.t("leads.none"));
      return;
    }
    ctx.replyPrivately((lang) =>
      [t(lang, "leads.header", { name: ctx.net.name }), ...leads.map(({ person }) => t(lang, "leads.line", { member: person.displayName }))].join("\n"),
    );
  },
});

export const roleCommands = [roleGrant, roleRevoke, rolesList, leadsList];
