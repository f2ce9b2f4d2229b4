import { z } from "zod";
import { allows } from "../auth.js";
import { UserError } from "../context.js";
import { t } from "../i18n/catalog.js";
import { readLangName } from "../i18n/lang-names.js";
import { truncate } from "../text.js";
import { foldWord } from "./grammar.js";
import { defineCommand } from "./registry.js";

/** `/help [COMMAND]`: the commands this person may use here, generated from the registry. */
export const help = defineCommand({
  id: "help",
  words: ["help"],
  esWords: ["ayuda"],
  summary: "cmd.help",
  params: [{ label: "param.command", optional: true, rest: true }],
  access: "anyone",
  schema: z.object({ p0: z.string().max(60).optional() }),
  run(ctx, { p0: topic }) {
    const { registry } = ctx.services;
    const wanted = topic ? foldWord(topic.replace(/^\//, "")).split(/\s+/) : null;
    const specs = registry.all.filter((spec) => {
      if (spec.access !== "anyone" && !ctx.network) return false;
      if (!allows(ctx.roles, spec.access)) return false;
      if (!wanted) return true;
      const paths = [spec.words, spec.esWords ?? [], ...(spec.aliases ?? [])].map((p) => p.map(foldWord));
      return paths.some((path) => wanted.every((w, i) => path[i] === w));
    });
    const lines = specs.map((spec) => {
      const role = spec.access === "anyone" || spec.access === "member" ? "" : ` ${ctx.t("help.roleNote", { role: ctx.t(`role.${spec.access}`) })}`;
      return ctx.t("help.line", { usage: registry.usage(spec, ctx.lang) + role, summary: ctx.t(spec.summary) });
    });
    if (lines.length === 0) {
      ctx.reply(ctx.t("core.unknownCommand", { name: truncate(topic ?? "", 40) }));
      return;
    }
    ctx.reply([ctx.t("help.header"), ...lines].join("\n"));
  },
});

/** `/lang en|es` (or the language named in either language): in a group, the chat's language; in a direct chat, the person's. */
export const lang = defineCommand({
  id: "lang",
  words: ["lang"],
  esWords: ["idioma"],
  aliases: [["language"], ["lengua"]],
  summary: "cmd.lang",
  params: [{ label: "param.language" }],
  access: "anyone",
  // `es`, `español`, `espanol`, `spanish`, `en`, `inglés`, `ingles`, `english` (lang-names.ts).
  schema: z.object({ p0: z.string().max(20).transform(readLangName) }),
  run(ctx, { p0: chosen }) {
    if (chosen === null) throw new UserError("core.usage", { usage: ctx.services.registry.usage(lang, ctx.lang) });
    // A linked group's language is the leads' call, so one troll cannot flip it for everyone.
    if (!ctx.chat.isDirect && ctx.network && !allows(ctx.roles, "lead")) {
      throw new UserError("core.needsRole", { role: ctx.t("role.lead") });
    }
    if (ctx.chat.isDirect) {
      ctx.services.people.setLang(ctx.person.id, chosen);
    } else {
      ctx.services.networks.setChatLang(ctx.chat.ref, chosen);
    }
    // Answer in the newly chosen language, so the person sees the change at once.
    const key = ctx.chat.isDirect ? "lang.personSet" : "lang.chatSet";
    ctx.reply(t(chosen, key));
  },
});

/** `/start [CODE]`: a person opened the private chat (Telegram deep links); held messages follow. */
export const start = defineCommand({
  id: "start",
  words: ["start"],
  aliases: [["empezar"]],
  summary: "cmd.start",
  params: [{ label: "param.code", optional: true }],
  access: "anyone",
  schema: z.object({ p0: z.string().max(64).optional() }),
  run(ctx) {
    ctx.reply(ctx.t("core.started"));
  },
});

export const generalCommands = [help, lang, start];
