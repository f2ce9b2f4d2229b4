/**
 * Typed text and display names are made inert on the way in (src/core/inert.ts): control
 * characters, bidi overrides and zero-width characters are removed, each run marked with "�".
 */
import { afterEach, describe, expect, it } from "vitest";
import { inertText, REMOVED_MARKER, wellFormed } from "../../src/core/inert.js";
import { canvassNetwork, canvassStore } from "../canvass/support.js";
import { last, type TestApp } from "../support/app.js";

describe("inertText", () => {
  const cases: [string, string, string][] = [
    ["a right-to-left override", "Beto\u202Eevil", "Beto�evil"],
    ["isolates and embeddings", "\u2066x\u2069\u202Ay\u202C", "�x�y�"],
    ["marks used to reorder", "A\u200Fbc\u200E", "A�bc�"],
    ["zero-width characters inside a name", "B\u200Be\u200Ct\u2060o\uFEFF", "B�e�t�o�"],
    ["control characters", "x\u0000\u0007\u001B[31my\u0085", "x�[31my�"],
    ["a run of them as one marker", "a\u202E\u200B\u0000b", "a�b"],
    ["a lone surrogate", "end\uD83D", "end�"],
    ["a blank Hangul filler name", "\u3164", "�"],
  ];
  for (const [what, input, expected] of cases) {
    it(`removes ${what}, leaving a marker`, () => expect(inertText(input)).toBe(expected));
  }

  it("keeps letters, accents, quotes and emoji, joiners and flags included", () => {
    for (const text of ["José Ñúñez «hola» “sí”", "👩‍👩‍👧 familia", "🏴󠁧󠁢󠁳󠁣󠁴󠁿 flag", "👍🏽 ok", "❤️"]) expect(inertText(text)).toBe(text);
  });

  it("keeps line breaks in notes and turns them into spaces in names", () => {
    expect(inertText("one\r\ntwo\tthree")).toBe("one\ntwo three");
    expect(inertText("one\ntwo", { multiline: false })).toBe("one two");
  });

  it("repairs lone surrogates only, for text on its way out", () => {
    expect(wellFormed("a\uDC00b🙂")).toBe(`a${REMOVED_MARKER}b🙂`);
  });
});

describe("typed text through the app", () => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it("a disguised display name is stored and shown with the marker", async () => {
    t = await canvassNetwork({ blocks: false });
    await t.adapter.push({
      kind: "command",
      chat: "memory:main",
      author: { id: "mal", displayName: "Lena\u202E\u200Bnimda", isBot: false },
      isDirect: false,
      name: "shifts",
      args: "",
    });
    const stored = t.app.store.db.prepare("SELECT display_name FROM persons WHERE user_id = 'mal'").get() as { display_name: string };
    expect(stored.display_name).toBe("Lena�nimda");
  });

  it("a display name stored before names were made inert is shown clean in /roles", async () => {
    t = await canvassNetwork({ blocks: false });
    t.app.store.db.prepare("UPDATE persons SET display_name = ? WHERE user_id = 'ana'").run("An\u202Ea");
    await t.say("main", "Lena", "/roles");
    const roster = t.inbox("Lena").join("\n");
    expect(roster).toContain("An�a");
    expect(roster).not.toContain("\u202E");
  });

  it("a canvass title typed with a control character comes back marked, and its status renders", async () => {
    t = await canvassNetwork({ blocks: false });
    await t.say("main", "Lena", '/canvass new "Oak\u0007 \u202Eraid" "Oak & 1st" deadline=72h');
    expect(canvassStore(t).byNum(1, 2)?.title).toBe("Oak� �raid");
  });

  // Bug: a control character in a stored title made resvg refuse the SVG, so `/canvass status`
  // answered "something went wrong" for good. Titles stored before the fix must render too.
  it("a title already stored with a control character still renders its status picture", async () => {
    t = await canvassNetwork();
    t.app.store.db.prepare("UPDATE canvasses SET title = ?").run("Elm\u0001\u000B raid\uD800");
    await t.say("main", "Lena", "/canvass status 1");
    expect(last(t.group("main"))).toContain("3 blocks");
    const sent = t.adapter.sent.filter((m) => m.to === "memory:main");
    expect(sent[sent.length - 1]?.msg.image?.png.length).toBeGreaterThan(100);
  });
});
