import { type GrantedRole, parseRole } from "../auth.js";
import type { CommandContext } from "../context.js";
import { t } from "../i18n/catalog.js";
import type { Person } from "../people.js";
import type { Token } from "./grammar.js";
import { askToConfirmMember, confirmedRef, identityParams, resolveMemberTarget } from "./member-target.js";

/**
 * Whom a role command is about. Roles decide who may verify alerts and see names, so the member is
 * taken from what the platform vouches for (a mention, a user picker, a reply, a user id); a bare
 * display name, which anyone can set, is only a guess the admin must confirm after seeing who it is.
 */

/** Raw arguments of `/role grant|revoke`: the member (any number of words, or none) then the role. */
export interface RoleArgs {
  member?: string;
  role?: string;
}

/** Bind `/role grant Bea Smith verifier` as member = "Bea Smith", role = "verifier"; `/role grant verifier` (a reply) as role only. */
export function bindRoleArgs(tokens: Token[]): RoleArgs | null {
  const last = tokens[tokens.length - 1];
  if (!last) return {};
  // A last word that is no role word is part of the member, the role left out (`/role grant @bob`):
  // the member is then asked which role, with a button for each where the chat has buttons.
  const roleGiven = parseRole(last.text) !== undefined;
  const whoTokens = roleGiven ? tokens.slice(0, -1) : tokens;
  const who = whoTokens
    .map((tk) => tk.text)
    .join(" ")
    .trim();
  const role = roleGiven ? { role: last.text } : {};
  return who ? { member: who, ...role } : role;
}

/** The outcome: a member to act on now, or one the admin has been asked to confirm (nothing to do yet). */
export type RoleTarget = { kind: "member"; person: Person } | { kind: "asked" };

/**
 * Find the member a grant (`create`) or revoke is about. `role` is the canonical role word, for the
 * confirm button. Throws a UserError for nobody, for several, or for a confirmation meant elsewhere.
 */
export function resolveRoleTarget(ctx: CommandContext, who: string | undefined, role: GrantedRole, action: "grant" | "revoke"): RoleTarget {
  const target = resolveMemberTarget(ctx, who, { create: action === "grant" });
  if (target.kind === "member") return target;
  askToConfirm(ctx, who ?? "", target.person, role, action);
  return { kind: "asked" };
}

/**
 * Show the admin, privately, the one member who has the name they typed (platform, id, first seen)
 * with a Confirm button; the group sees only that details went privately.
 */
function askToConfirm(ctx: CommandContext, who: string, person: Person, role: GrantedRole, action: "grant" | "revoke"): void {
  const ref = confirmedRef(ctx, person);
  // The confirm line in the reader's words (`/rol dar #1.2 verificación`); the button keeps the canonical ones.
  const spec = ctx.services.registry.byId(`role.${action}`);
  const words = (lang: string) => (lang === "es" && spec?.esWords ? spec.esWords : (spec?.words ?? ["role", action]));
  askToConfirmMember(ctx, (lang) => ({
    text: t(lang, action === "grant" ? "role.confirmGrant" : "role.confirmRevoke", {
      who,
      ...identityParams(ctx, person, lang),
      role,
      command: `/${words(lang).join(" ")} ${ref} ${lang === "es" ? t(lang, `role.${role}`) : role}`,
    }),
    button: { label: t(lang, "role.confirmButton"), action: `role.${action}`, payload: `${ref} ${role}` },
  }));
}
