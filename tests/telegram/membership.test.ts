import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AdapterError } from "../../src/core/port.js";
import { eventually } from "../contract/adapter-contract.js";
import { type TelegramTestbed, makeTestbed, ofKind } from "./harness.js";

describe("telegram membership", () => {
  let t: TelegramTestbed;
  beforeEach(async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
  });
  afterEach(() => t.close());

  it("reports the bot being added to and removed from a group", async () => {
    const other = t.fake.addGroup({ title: "Eastside", memberIds: [t.alice.id], withBot: false });
    t.fake.addBotToChat(other.chat.id, t.alice);
    await eventually(() =>
      expect(ofKind(t.events, "membership")).toEqual([
        { kind: "membership", chat: `telegram:${other.chat.id}`, change: "joined", eventId: expect.stringMatching(/^\d+$/) },
      ]),
    );
    t.fake.removeBotFromChat(other.chat.id, t.alice, true);
    await eventually(() => expect(ofKind(t.events, "membership").map((e) => e.change)).toEqual(["joined", "left"]));
    const err = await t.adapter.send(`telegram:${other.chat.id}`, { text: "still here?" }, "m1").catch((e: unknown) => e);
    expect((err as AdapterError).code).toBe("CHAT_GONE");
    expect(t.fake.texts(other.chat.id)).toEqual([]);
  });

  it("reports a group upgraded to a supergroup once, with its new reference", async () => {
    const supergroup = t.fake.migrateGroup(t.group.chat.id, t.alice);
    await eventually(() =>
      expect(ofKind(t.events, "membership")).toEqual([
        {
          kind: "membership",
          chat: `telegram:${t.group.chat.id}`,
          change: "migrated",
          newChat: `telegram:${supergroup.chat.id}`,
          eventId: expect.stringMatching(/^\d+$/),
        },
      ]),
    );
    // Commands from the new supergroup arrive under the new reference.
    t.fake.userSends(supergroup.chat.id, t.alice, "/ping");
    await eventually(() => expect(ofKind(t.events, "command")[0]?.chat).toBe(`telegram:${supergroup.chat.id}`));
    expect(ofKind(t.events, "membership")).toHaveLength(1);
  });

  it("turns a send to a migrated group into CHAT_GONE and tells the core where the group went", async () => {
    const supergroup = t.fake.world.addGroup({ type: "supergroup" });
    t.fake.world.mustChat(t.group.chat.id).migratedTo = supergroup.chat.id;
    const err = await t.adapter.send(`telegram:${t.group.chat.id}`, { text: "alert" }, "m2").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe("CHAT_GONE");
    await eventually(() =>
      expect(ofKind(t.events, "membership")).toEqual([
        { kind: "membership", chat: `telegram:${t.group.chat.id}`, change: "migrated", newChat: `telegram:${supergroup.chat.id}` },
      ]),
    );
  });

  it("reports an unknown chat as CHAT_GONE", async () => {
    const err = await t.adapter.send("telegram:-999999", { text: "x" }, "m3").catch((e: unknown) => e);
    expect((err as AdapterError).code).toBe("CHAT_GONE");
  });
});
