/**
 * The injection table: text a member types that the bot echoes back (`/help TOPIC` answers "I don't
 * know /TOPIC"), through the real app and each platform's fake, asserting what the platform stored.
 * Then the outbound repairs (a lone surrogate, a 5000-character note) through the core's sending
 * step and each real adapter: every piece accepted, nothing lost.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitMessage } from "../../src/core/text.js";
import type { FakeMessage } from "../fakes/discord/state.js";
import type { MatrixEvent } from "../fakes/matrix/model.js";
import { discordAppWorld, matrixAppWorld, type PlatformWorld, type Stored, telegramWorld } from "./worlds.js";

/** What people typed, and the part of it the bot's answer must still show (made inert). */
const INJECTIONS: { what: string; typed: string; shown: string }[] = [
  { what: "a Discord masked link", typed: "[Urgent](https://evil.example/p)", shown: "[urgent](https://evil.example/p)" },
  { what: "Discord markdown", typed: "**b** __u__ ~~s~~ ||x|| `c`", shown: "**b** __u__ ~~s~~ ||x|| `c`" },
  { what: "@everyone", typed: "@everyone look", shown: "@everyone look" },
  { what: "@here", typed: "@here now", shown: "@here now" },
  { what: "a user mention", typed: "<@123456789012345678>", shown: "<@123456789012345678>" },
  { what: "a role mention", typed: "<@&123456789012345678>", shown: "<@&123456789012345678>" },
  { what: "@room", typed: "@room wake up", shown: "@room wake up" },
  { what: "an HTML link", typed: "<a href=https://evil.example>x</a>", shown: "<a href=https://evil.example>x</a>" },
  { what: "an HTML image", typed: "<img src=x onerror=alert(1)>", shown: "<img src=x onerror=alert(1)>" },
  { what: "a right-to-left override", typed: "Beto\u202Eevil", shown: "beto�evil" },
  { what: "zero-width characters", typed: "B\u200Be\u200Dto", shown: "b�e�to" },
  { what: "a lone surrogate", typed: "end\uD83D", shown: "end�" },
  { what: "control characters", typed: "x\u0007\u001B[2Jy", shown: "x�[2jy" },
];

/** Characters that must never reach a platform in the bot's text. */
const UNSAFE = /[\p{Cc}\p{Cf}]/u;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Discord's own reading of an escaped content: a backslash before punctuation shows that punctuation. */
function discordVisible(content: string): string {
  return content.replace(/\\([^\p{L}\p{N}\s])/gu, "$1");
}

interface Platform<R> {
  name: string;
  start(): Promise<PlatformWorld<R>>;
  /** What a person reads of a stored message. */
  visible(m: Stored<R>): string;
  /** Platform-specific checks on a stored echo. */
  check(m: Stored<R>, typed: string): void;
}

const telegram: Platform<Message> = {
  name: "Telegram",
  start: telegramWorld,
  visible: (m) => m.text,
  check(m) {
    // Plain text (no parse_mode): Telegram draws no markup from it and makes no hidden links.
    expect(m.raw.entities?.filter((e) => e.type === "text_link" || e.type === "text_mention") ?? []).toEqual([]);
  },
};

const discord: Platform<FakeMessage> = {
  name: "Discord",
  start: discordAppWorld,
  visible: (m) => discordVisible(m.text),
  check(m) {
    expect(m.raw.mention_everyone).toBe(false);
    expect(m.raw.mentions).toEqual([]);
    expect(m.raw.mention_roles).toEqual([]);
    const content = m.text;
    expect(content, "no masked link").not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/);
    expect(content, "no mention syntax").not.toMatch(/(?<!\\)<[@#/:]/);
    expect(content, "no @everyone/@here").not.toMatch(/(?<!\\)@(everyone|here)/i);
    expect(content, "no markdown").not.toMatch(/(?<!\\)(\*\*|__|~~|\|\||`)/);
  },
};

const matrix: Platform<MatrixEvent> = {
  name: "Matrix",
  start: matrixAppWorld,
  visible: (m) => m.text,
  check(m) {
    const content = m.raw.content as Record<string, unknown>;
    expect(content["m.mentions"]).toEqual({});
    const html = String(content.formatted_body ?? "");
    // Only the bot's own tags: line breaks and the code of numbered choices.
    expect(html.replace(/<br>|<\/?code>/g, "")).not.toMatch(/</);
  },
};

const PLATFORMS = [telegram, discord, matrix] as const;

for (const platform of PLATFORMS as readonly Platform<unknown>[]) {
  describe(`echoed input on ${platform.name}`, () => {
    let w: PlatformWorld<unknown>;
    beforeAll(async () => {
      w = await platform.start();
    }, 20_000);
    afterAll(async () => w?.close());

    for (const { what, typed, shown } of INJECTIONS) {
      it(`${what} comes back inert`, async () => {
        const answers = await w.echo("help", typed);
        expect(answers).toHaveLength(1);
        const answer = answers[0]!;
        expect(platform.visible(answer).toLowerCase()).toContain(`/${shown}`);
        expect(answer.text.replaceAll("\n", "")).not.toMatch(UNSAFE);
        expect(answer.text).not.toMatch(LONE);
        platform.check(answer, typed);
      });
    }

    it("a reply with a lone surrogate is repaired by the core's sending step and accepted", async () => {
      const before = w.stored().length;
      for (const [i, piece] of splitMessage({ text: "Shift at Main 🙂\uD83D end" }, w.adapter.capabilities(w.chat).maxText).entries()) {
        await w.adapter.send(w.chat, piece, `lone-${i}`);
      }
      const [stored] = w.stored().slice(before);
      expect(platform.visible(stored!)).toBe("Shift at Main 🙂� end");
    });

    it("a 5000-character note full of markup is split to the platform's limit, and nothing is lost", async () => {
      const note = Array.from({ length: 500 }, (_, i) => `_*${String(i).padStart(4, "0")}*_`).join("").slice(0, 5000);
      const before = w.stored().length;
      const max = w.adapter.capabilities(w.chat).maxText;
      const pieces = splitMessage({ text: note }, max, w.adapter.measureText?.bind(w.adapter));
      for (const [i, piece] of pieces.entries()) await w.adapter.send(w.chat, piece, `note-${i}`);
      const stored = w.stored().slice(before);
      expect(stored.length).toBe(pieces.length);
      for (const m of stored) expect(m.text.length).toBeLessThanOrEqual(max);
      expect(stored.map((m) => platform.visible(m)).join("")).toBe(note);
    });
  });
}
