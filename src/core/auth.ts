/**
 * Roles and need-to-know. A command declares the role it needs; the pipeline checks it here, never
 * the handler. Everyone who speaks in a network's chat is a member; other roles are granted.
 */

/** Roles within one network. */
export type Role = "member" | "lead" | "verifier" | "admin";

/** Roles that are granted and stored; `member` is implied by being in a network's chat. */
export type GrantedRole = Exclude<Role, "member">;

/** What a command needs: a role in the chat's network, or `anyone` (no network needed). */
export type Access = Role | "anyone";

export const GRANTED_ROLES: readonly GrantedRole[] = ["lead", "verifier", "admin"];

/**
 * Role names as people type them, in English and Spanish, folded (lower-case, no accents).
 */
const ROLE_WORDS: Record<string, Role> = {
  member: "member",
  miembro: "member",
  lead: "lead",
  coordinacion: "lead",
  coordinador: "lead",
  coordinadora: "lead",
  lider: "lead",
  verifier: "verifier",
  verificacion: "verifier",
  verificador: "verifier",
  verificadora: "verifier",
  admin: "admin",
  administrador: "admin",
  administradora: "admin",
};

/** Read a role name typed in either language; undefined when it is not a role. */
export function parseRole(word: string): Role | undefined {
  const folded = word
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();
  // Own keys only: "constructor" or "__proto__" must not read as a role.
  return Object.hasOwn(ROLE_WORDS, folded) ? ROLE_WORDS[folded] : undefined;
}

/**
 * Whether someone holding `held` may run a command that needs `needed`. Admin includes lead, since
 * admins run the network; verifying alerts stays a separate trust that even admins must be granted.
 */
export function allows(held: ReadonlySet<GrantedRole>, needed: Access): boolean {
  switch (needed) {
    case "anyone":
    case "member":
      return true;
    case "lead":
      return held.has("lead") || held.has("admin");
    case "verifier":
      return held.has("verifier");
    case "admin":
      return held.has("admin");
  }
}
