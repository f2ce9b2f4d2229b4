import { describe, expect, it } from "vitest";
import { type Access, allows, GRANTED_ROLES, type GrantedRole, parseRole } from "../../src/core/auth.js";

describe("parseRole", () => {
  it.each([
    ["member", "member"],
    ["miembro", "member"],
    ["lead", "lead"],
    ["coordinación", "lead"],
    ["coordinacion", "lead"],
    ["Coordinadora", "lead"],
    ["coordinador", "lead"],
    ["líder", "lead"],
    ["LIDER", "lead"],
    ["verifier", "verifier"],
    ["verificación", "verifier"],
    ["verificadora", "verifier"],
    ["verificador", "verifier"],
    ["admin", "admin"],
    ["Administradora", "admin"],
    ["administrador", "admin"],
    ["ADMIN", "admin"],
    // Decomposed accent (u + U+0301) folds the same as the composed one.
    ["li\u0301der", "lead"],
  ])("reads %j as %s", (word, role) => {
    expect(parseRole(word)).toBe(role);
  });

  it.each(["", "owner", "leads", "administrator", " admin", "mod", "constructor", "toString", "__proto__"])(
    "does not read %j as a role",
    (word) => {
      expect(parseRole(word)).toBeUndefined();
    },
  );
});

describe("allows", () => {
  const held = (...roles: GrantedRole[]) => new Set(roles);

  /** Every combination of granted roles, as [label, set]. */
  const combos: [string, Set<GrantedRole>][] = [];
  for (let mask = 0; mask < 1 << GRANTED_ROLES.length; mask++) {
    const roles = GRANTED_ROLES.filter((_, i) => mask & (1 << i));
    combos.push([roles.join("+") || "none", new Set(roles)]);
  }

  /** The rule, written out independently of the code. */
  function expected(roles: Set<GrantedRole>, needed: Access): boolean {
    if (needed === "anyone" || needed === "member") return true;
    if (needed === "lead") return roles.has("lead") || roles.has("admin");
    return roles.has(needed);
  }

  for (const needed of ["anyone", "member", "lead", "verifier", "admin"] as const) {
    it.each(combos)(`for ${needed}: holding %s`, (_label, roles) => {
      expect(allows(roles, needed)).toBe(expected(roles, needed));
    });
  }

  it("lets an admin do what a lead does", () => {
    expect(allows(held("admin"), "lead")).toBe(true);
  });

  it("does not let an admin verify alerts without the verifier role", () => {
    expect(allows(held("admin"), "verifier")).toBe(false);
    expect(allows(held("admin", "verifier"), "verifier")).toBe(true);
  });

  it("does not let a lead or verifier administer", () => {
    expect(allows(held("lead", "verifier"), "admin")).toBe(false);
  });

  it("lets someone with no granted role do member things only", () => {
    expect(allows(held(), "member")).toBe(true);
    expect(allows(held(), "lead")).toBe(false);
  });
});
