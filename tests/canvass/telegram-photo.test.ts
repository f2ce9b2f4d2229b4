import { Resvg } from "@resvg/resvg-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AdapterError } from "../../src/core/port.js";
import { type TelegramTestbed, makeTestbed } from "../telegram/harness.js";

/** A small real PNG, rendered from SVG. */
function png(): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#4e79a7"/></svg>`;
  return Buffer.from(new Resvg(svg).render().asPng()).toString("base64");
}

describe("telegram pictures (sendPhoto)", () => {
  let t: TelegramTestbed;
  beforeEach(async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
  });
  afterEach(() => t.close());

  it("says it can show images", () => {
    expect(t.adapter.capabilities(`telegram:${t.group.chat.id}`).images).toBe(true);
  });

  it("posts the picture with the text as its caption and the buttons under it", async () => {
    const image = { png: png(), alt: "Map of blocks" };
    const buttons = [{ label: "Claim B1", action: "claim", payload: "1 B1" }];
    await t.adapter.send(`telegram:${t.group.chat.id}`, { text: "Canvass #1: 3 blocks", image, buttons }, "p1");
    const [photo] = t.fake.photos(t.group.chat.id);
    expect(photo!.png.equals(Buffer.from(image.png, "base64"))).toBe(true);
    expect(photo!.caption).toBe("Canvass #1: 3 blocks");
    expect(photo!.message.photo![0]).toMatchObject({ width: 40, height: 30 });
    expect(photo!.message.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["Claim B1"]);
  });

  it("sends a text too long for a caption as its own message after the picture", async () => {
    const text = `Status\n${"B1: open\n".repeat(150)}`;
    await t.adapter.send(`telegram:${t.group.chat.id}`, { text, image: { png: png(), alt: "Map of blocks" } }, "p2");
    expect(t.fake.photos(t.group.chat.id).map((p) => p.caption)).toEqual(["Map of blocks"]);
    expect(t.fake.texts(t.group.chat.id)).toEqual([text]);
  });

  it("maps a refused upload to an AdapterError and stores nothing", async () => {
    const err = await t.adapter
      .send(`telegram:${t.group.chat.id}`, { text: "x", image: { png: Buffer.from("not a png").toString("base64"), alt: "x" } }, "p3")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe("REJECTED");
    expect(t.fake.photos(t.group.chat.id)).toEqual([]);
  });
});
