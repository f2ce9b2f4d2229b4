import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "../../src/core/port.js";
import { eventually } from "../contract/adapter-contract.js";
import { type TelegramTestbed, makeTestbed, ofKind } from "./harness.js";

/** A logger that keeps every record, to check what would reach the operator's logs. */
function recordingLogger(): Logger & { records: { level: string; obj: object; msg?: string }[] } {
  const records: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void records.push({ level, obj, msg });
  return { records, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

describe("telegram polling health and logs", () => {
  let t: TelegramTestbed;
  afterEach(() => t.close());

  it("keeps polling through getUpdates failures and logs the outage and the recovery", async () => {
    const log = recordingLogger();
    t = await makeTestbed({}, undefined, log);
    t.fake.failNext({ kind: "server-error", status: 502 }, 1, ["getUpdates"]);
    await t.adapter.start(t.host);
    t.fake.userSends(t.group.chat.id, t.alice, "/ping");
    await eventually(() => expect(ofKind(t.events, "command")).toHaveLength(1), 8000);
    const messages = log.records.map((r) => r.msg);
    expect(messages).toContain("telegram: fetching updates is failing; retrying");
    expect(messages).toContain("telegram: fetching updates works again");
  });

  it("never logs the token, message text or a person's id", async () => {
    const log = recordingLogger();
    t = await makeTestbed({ callbackAnswerMs: 20 }, undefined, log);
    await t.adapter.start(t.host);
    const chat = `telegram:${t.group.chat.id}` as const;
    t.fake.failNext({ kind: "rate-limit", retryAfterS: 1 });
    await t.adapter.send(chat, { text: "Raid reported at the corner store" }, "l1").catch(() => undefined);
    await t.adapter.sendDirect(String(t.alice.id), { text: "private note for Alice" }, "l2").catch(() => undefined);
    const sent = await t.adapter.send(chat, { text: "Shift", buttons: [{ label: "Go", action: "go", payload: "p" }] }, "l3");
    t.fake.sendCallback(t.group.chat.id, Number(sent.messageId), t.alice, "forged-data-here");
    t.fake.userSends(t.group.chat.id, t.alice, "/ping");
    await eventually(() => expect(ofKind(t.events, "command")).toHaveLength(1));
    const dump = JSON.stringify(log.records);
    expect(log.records.length).toBeGreaterThan(2);
    for (const secret of [t.fake.token, "Raid reported", "private note", String(t.alice.id), "Alice", "forged-data"]) {
      expect(dump).not.toContain(secret);
    }
  });
});
