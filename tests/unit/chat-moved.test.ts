import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.js";

/** A chat that moves to a new id (a Telegram group upgraded to a supergroup) keeps what the jobs keep about it. */
describe("a chat moved to a new id", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("carries the link and the sign-ups made in it over to the new id", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", "/role grant Lena lead");
    await t.say("main", "Lena", '/shift new tomorrow 10am 2h "Church" 5');
    await t.say("main", "Rosa", "/signup 1");
    const viaChat = () => t.app.store.db.prepare("SELECT via_chat AS chat FROM signups").all();
    expect(viaChat()).toEqual([{ chat: "memory:main" }]);

    await t.adapter.push({ kind: "membership", chat: "memory:main", change: "migrated", newChat: "memory:super", eventId: "m1" });
    expect(viaChat()).toEqual([{ chat: "memory:super" }]);
    expect(t.app.store.db.prepare("SELECT ref FROM chats WHERE network_id IS NOT NULL").all()).toEqual([{ ref: "memory:super" }]);
  });
});
