import { splitOptions, type Token } from "../../core/commands/grammar.js";
import { param, text } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { UserError } from "../../core/context.js";
import { type Lang, t } from "../../core/i18n/catalog.js";
import { formatWhen } from "../../core/time.js";
import { truncate } from "../../core/text.js";
import { CustodyStore, SHA256_HEX } from "../custody.js";
import { blockParam, canvassParam, findBlock, findCanvass, requireCanvassLead } from "../lookup.js";
import type { FootageEntry } from "../model.js";

/** Bind `/footage ID BLOCK SHA256 [CAMERA] [time=...] [contact=...]`. */
export function bindFootage(tokens: Token[]): Record<string, string> | null {
  const { positional, options } = splitOptions(tokens, ["camera", "time", "contact"], {
    camara: "camera",
    "cámara": "camera",
    hora: "time",
    horas: "time",
    contacto: "contact",
  });
  if (positional.length < 3) return null;
  const camera = options.camera ?? positional.slice(3).map((tk) => tk.text).join(" ");
  return {
    canvass: positional[0]!.text,
    block: positional[1]!.text,
    hash: positional[2]!.text,
    ...(camera ? { camera } : {}),
    ...(options.time ? { time: options.time } : {}),
    ...(options.contact ? { contact: options.contact } : {}),
  };
}

/** The short form of a hash shown in chats: its first and last 8 characters. */
export function shortHash(sha256: string): string {
  return `${sha256.slice(0, 8)}…${sha256.slice(-8)}`;
}

/**
 * `/footage ID BLOCK SHA256 [CAMERA] [time=RANGE] [contact=WHO]` (`/video`): record that the sender
 * received a file, by its hash. The bot never stores footage itself.
 */
export const footage = defineCommand({
  id: "footage",
  words: ["footage"],
  esWords: ["video"],
  summary: "cmd.canvass.footage",
  params: [
    canvassParam,
    blockParam,
    param("hash", text({ max: 200, trim: false }), { label: "param.canvass.hash", noun: "arg.canvass.hash" }),
    param("camera", text({ max: 200, trim: false }), { label: "param.canvass.camera", noun: "arg.canvass.camera", optional: true, rest: true }),
    param("time", text({ max: 100, trim: false }), { label: "param.canvass.time", noun: "arg.canvass.time", optional: true, option: true }),
    param("contact", text({ max: 200, trim: false }), { label: "param.canvass.contact", noun: "arg.canvass.contact", optional: true, option: true }),
  ],
  access: "member",
  bind: bindFootage,
  run(ctx, args) {
    const canvass = findCanvass(ctx, args.canvass);
    const block = findBlock(ctx, canvass, args.block);
    if (!SHA256_HEX.test(args.hash)) throw new UserError("canvass.badHash", { hash: truncate(args.hash, 20), length: [...args.hash].length });
    const custody = new CustodyStore(ctx.db);
    const before = custody.holdersOf(canvass.id, args.hash);
    const entry = custody.record({
      canvassId: canvass.id,
      blockCode: block.code,
      sha256: args.hash,
      receivedBy: ctx.person.id,
      receivedByName: ctx.person.displayName,
      now: ctx.now,
      camera: args.camera ?? null,
      timeRange: args.time ?? null,
      contact: args.contact ?? null,
    });
    const lines = [
      ctx.t(before.length > 0 ? "canvass.footageHandedOver" : "canvass.footageRecorded", {
        num: canvass.num,
        block: block.code,
        entry: entry.num,
        hash: shortHash(entry.sha256),
        when: formatWhen(entry.receivedAt, ctx.net.tz, ctx.lang, ctx.now),
      }),
    ];
    // Someone typed a contact where the platform can read it: ask for private messages next time.
    if (args.contact && !ctx.mayShowPersonalDetails) lines.push(ctx.t("canvass.contactTip"));
    ctx.replyToAuthor(lines.join("\n"));
  },
});

/** One custody entry as a line, with everything the legal chain needs. */
export function custodyLine(e: FootageEntry, tz: string, lang: Lang, now?: number): string {
  return t(lang, "canvass.custodyLine", {
    entry: e.num,
    block: e.blockCode,
    hash: e.sha256,
    who: e.receivedByName ?? t(lang, "canvass.anonymous"),
    when: formatWhen(e.receivedAt, tz, lang, now),
    camera: e.camera ? ` · ${t(lang, "canvass.cameraTag", { camera: e.camera })}` : "",
    time: e.timeRange ? ` · ${t(lang, "canvass.timeTag", { time: e.timeRange })}` : "",
    contact: e.contact ? ` · ${t(lang, "canvass.contactTag", { contact: e.contact })}` : "",
  });
}

/** `/custody ID` (`/custodia`, leads): the full custody record, privately. */
export const custody = defineCommand({
  id: "custody",
  words: ["custody"],
  esWords: ["custodia"],
  summary: "cmd.canvass.custody",
  params: [canvassParam],
  access: "member",
  run(ctx, { canvass: num }) {
    const canvass = findCanvass(ctx, num);
    requireCanvassLead(ctx, canvass);
    const entries = new CustodyStore(ctx.db).entries(canvass.id);
    const tz = ctx.net.tz;
    ctx.replyPrivately((lang) =>
      [
        t(lang, "canvass.custodyHeader", { num: canvass.num, title: canvass.title, count: entries.length }),
        ...(entries.length === 0 ? [t(lang, "canvass.custodyEmpty")] : entries.map((e) => custodyLine(e, tz, lang, ctx.now))),
      ].join("\n"),
    );
  },
});

export const footageCommands = [footage, custody];
