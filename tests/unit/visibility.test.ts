import { describe, expect, it } from "vitest";
import type { GrantedRole } from "../../src/core/auth.js";
import { isPrivateChannel, mayKnow, maySee, placeView, type Sensitive } from "../../src/core/visibility.js";

const roles = (...r: GrantedRole[]) => new Set<GrantedRole>(r);
const closed = { leadsVisible: false };
const open = { leadsVisible: true };

describe("the need-to-know rule", () => {
  it.each([
    [{ isDirect: true, e2ee: false }, true],
    [{ isDirect: true, e2ee: true }, true],
    [{ isDirect: false, e2ee: true }, true],
    [{ isDirect: false, e2ee: false, ephemeral: true }, true],
    [{ isDirect: false, e2ee: false }, false],
    [{ isDirect: false, e2ee: false, ephemeral: false }, false],
  ])("a channel %j is private: %s", (channel, expected) => {
    expect(isPrivateChannel(channel)).toBe(expected);
    expect(placeView(channel)).toBe(expected ? "exact" : "public");
  });

  it.each<[Sensitive, GrantedRole[], boolean, boolean]>([
    ["place", [], true, true],
    ["person", [], true, true],
    ["memberList", [], false, false],
    ["memberList", ["lead"], false, false],
    ["memberList", ["verifier"], false, false],
    ["memberList", ["admin"], true, true],
    ["verifiers", ["lead"], false, false],
    ["verifiers", ["verifier"], false, false],
    ["verifiers", ["admin"], true, true],
    ["leads", [], false, true],
    ["leads", ["lead"], true, true],
    ["leads", ["admin"], true, true],
  ])("%s for %j: %s when the network keeps its leads private, %s when it names them", (what, held, whenClosed, whenOpen) => {
    expect(mayKnow(what, roles(...held), closed)).toBe(whenClosed);
    expect(mayKnow(what, roles(...held), open)).toBe(whenOpen);
  });

  it("needs both the role and a private channel", () => {
    const admin = roles("admin");
    expect(maySee("memberList", { isDirect: false, e2ee: false, roles: admin }, closed)).toBe(false);
    expect(maySee("memberList", { isDirect: true, e2ee: false, roles: admin }, closed)).toBe(true);
    expect(maySee("memberList", { isDirect: true, e2ee: false, roles: roles("lead") }, closed)).toBe(false);
    expect(maySee("place", { isDirect: false, e2ee: false, roles: roles() }, closed)).toBe(false);
    expect(maySee("place", { isDirect: false, e2ee: true, roles: roles() }, closed)).toBe(true);
  });
});
