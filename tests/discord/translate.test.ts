import type { APIInteraction } from "discord.js";
import { describe, expect, it } from "vitest";
import { buttonKey, decodeCustomId, encodeCustomId, MAX_CUSTOM_ID } from "../../adapters/discord/custom-id.js";
import {
  authorOf,
  channelIdOf,
  interactionToEvent,
  mentionsOf,
  optionsToArgs,
  quoteArg,
} from "../../adapters/discord/translate.js";
import { nonceFor, outboundToBody } from "../../adapters/discord/outbound.js";
import { AdapterError } from "../../src/core/port.js";

const key = buttonKey("token-a");
const declared = new Map([
  ["shift add", [{ name: "date", verbatim: false }, { name: "time", verbatim: false }, { name: "note", verbatim: true }]],
  ["signup", [{ name: "args", verbatim: true }]],
]);

describe("slash options -> args text", () => {
  it("puts the sub-command first and values in declared order, not the order typed", () => {
    const args = optionsToArgs(
      "shift",
      [{ type: 1, name: "add", options: [
        { type: 3, name: "note", value: "bring water" },
        { type: 3, name: "time", value: "9:00 am" },
        { type: 3, name: "date", value: "2025-05-01" },
      ] }],
      declared,
    );
    expect(args).toBe('add 2025-05-01 "9:00 am" bring water');
  });

  it("passes the free-text option verbatim", () => {
    expect(optionsToArgs("signup", [{ type: 3, name: "args", value: ' tomorrow "early" ' }], declared)).toBe('tomorrow "early"');
  });

  it("quotes values with spaces or quotes and escapes inner quotes", () => {
    expect(quoteArg("plain")).toBe("plain");
    expect(quoteArg("two words")).toBe('"two words"');
    expect(quoteArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteArg("")).toBe('""');
  });

  it("keeps unknown options after declared ones, in the order received", () => {
    const args = optionsToArgs("other", [{ type: 4, name: "b", value: 2 }, { type: 5, name: "a", value: true }], declared);
    expect(args).toBe("2 true");
  });
});

describe("button ids", () => {
  it("round-trip action and payload within 100 characters", () => {
    const id = encodeCustomId(key, "shift.signup", "s:42|x");
    expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
    expect(decodeCustomId(key, id)).toEqual({ action: "shift.signup", payload: "s:42|x" });
  });

  it("refuse forged, tampered or foreign ids", () => {
    const id = encodeCustomId(key, "shift.signup", "42");
    expect(decodeCustomId(key, id.replace("42", "43"))).toBeNull();
    expect(decodeCustomId(buttonKey("token-b"), id)).toBeNull();
    expect(decodeCustomId(key, "shift.signup|42|AAAAAAAAAA")).toBeNull();
    expect(decodeCustomId(key, "garbage")).toBeNull();
  });

  it("reject a payload that cannot fit, as a typed error at send time", () => {
    expect(() => outboundToBody({ text: "x", buttons: [{ label: "go", action: "a", payload: "p".repeat(95) }] }, key)).toThrow(AdapterError);
  });

  it("lay buttons out in rows of five", () => {
    const buttons = Array.from({ length: 7 }, (_, i) => ({ label: `b${i}`, action: "a", payload: String(i) }));
    const body = outboundToBody({ text: "pick", buttons }, key);
    expect(body.components.map((r) => r.components.length)).toEqual([5, 2]);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});

describe("nonce", () => {
  it("is stable per channel and key, at most 25 characters, and differs across channels", () => {
    expect(nonceFor("1", "k")).toBe(nonceFor("1", "k"));
    expect(nonceFor("1", "k").length).toBeLessThanOrEqual(25);
    expect(nonceFor("1", "k")).not.toBe(nonceFor("2", "k"));
  });
});

describe("interaction -> event", () => {
  const dm = {
    id: "10", application_id: "1", type: 2, token: "t", version: 1, locale: "es-ES", entitlements: [],
    channel: { id: "20", type: 1 }, user: { id: "30", username: "ana", global_name: "Ana", discriminator: "0", avatar: null },
    data: { id: "5", name: "help", type: 1 },
  } as unknown as APIInteraction;

  it("marks DM commands direct and carries the locale", () => {
    const read = interactionToEvent(dm, { declared, buttonKey: key });
    expect(read).toMatchObject({ kind: "event", event: { kind: "command", name: "help", args: "", isDirect: true, chat: "discord:20", interactionId: "10", author: { id: "30", displayName: "Ana", locale: "es-ES", isBot: false } } });
  });

  it("maps member roles through roleMap and drops unmapped ones", () => {
    const inGuild = { ...dm, guild_id: "99", user: undefined, member: { roles: ["r1", "r2"], nick: null, user: { id: "30", username: "ana" } } } as unknown as APIInteraction;
    expect(authorOf(inGuild, { r1: "coordinator" }).roles).toEqual(["coordinator"]);
    expect(authorOf(inGuild, undefined).roles).toBeUndefined();
  });

  it("accepts only Discord chat references", () => {
    expect(channelIdOf("discord:123")).toBe("123");
    expect(() => channelIdOf("telegram:123")).toThrow(AdapterError);
  });
});

describe("people a slash command names", () => {
  it("reads USER options and <@id> mentions once each, names them from resolved data, and skips the bot", () => {
    const data = {
      id: "c1",
      name: "role",
      type: 1,
      options: [{ type: 1, name: "grant", options: [{ type: 6, name: "member", value: "111" }] }],
      resolved: {
        users: { "111": { id: "111", username: "bea", global_name: "Bea", discriminator: "0", avatar: null }, "999": { id: "999", username: "porch", bot: true, discriminator: "0", avatar: null } },
        members: { "111": { nick: "Bea R", roles: [], joined_at: "", deaf: false, mute: false, flags: 0 } },
      },
    } as unknown as Parameters<typeof mentionsOf>[0];
    expect(mentionsOf(data, "grant <@111> <@!222> <@999> <@42> verifier", "42")).toEqual([
      { id: "111", displayName: "Bea R" },
      { id: "222", displayName: "222" },
    ]);
  });
});
