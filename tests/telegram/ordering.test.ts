import { afterEach, describe, expect, it } from "vitest";
import type { ChatEvent } from "../../src/core/port.js";
import { eventually } from "../contract/adapter-contract.js";
import { type TelegramTestbed, makeTestbed } from "./harness.js";

/** A promise with its resolver, for latches between concurrent handlers. */
function latch(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

describe("telegram update ordering", () => {
  let t: TelegramTestbed;
  afterEach(() => t.close());

  it("handles one chat's commands in order while other chats proceed in parallel", async () => {
    const finished: string[] = [];
    const secondChatStarted = latch();
    let secondChatId = "";
    const handle = async (e: ChatEvent) => {
      if (e.kind !== "command") return;
      // The first chat's first command waits for the second chat to begin: a runner that handled
      // chats one at a time would never get there, and the test would time out.
      if (e.args === "a0") {
        const waited = await Promise.race([
          secondChatStarted.promise.then(() => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), 4000)),
        ]);
        if (!waited) finished.push("a0-never-saw-other-chat");
      }
      if (e.chat === secondChatId) secondChatStarted.open();
      // Uneven work so later commands would overtake earlier ones without per-chat ordering.
      await new Promise((r) => setTimeout(r, (Number(e.args.slice(1)) % 3) * 15));
      finished.push(`${e.chat}|${e.args}`);
    };
    t = await makeTestbed({}, handle);
    const other = t.fake.addGroup({ title: "Second block", memberIds: [t.alice.id] });
    secondChatId = `telegram:${other.chat.id}`;
    await t.adapter.start(t.host);

    for (let i = 0; i < 8; i++) {
      t.fake.userSends(t.group.chat.id, t.alice, `/signup a${i}`);
      t.fake.userSends(other.chat.id, t.alice, `/signup b${i}`);
    }
    await eventually(() => expect(finished).toHaveLength(16), 8000);
    expect(finished).not.toContain("a0-never-saw-other-chat");
    const first = finished.filter((f) => f.startsWith(`telegram:${t.group.chat.id}|`)).map((f) => f.split("|")[1]);
    const second = finished.filter((f) => f.startsWith(`${secondChatId}|`)).map((f) => f.split("|")[1]);
    expect(first).toEqual(["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"]);
    expect(second).toEqual(["b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"]);
  });
});
