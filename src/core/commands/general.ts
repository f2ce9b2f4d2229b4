import { allows } from "../auth.js";
import { UserError } from "../context.js";
import { t } from "../i18n/catalog.js";
import { truncate } from "../text.js";
import { foldWord } from "./grammar.js";
import { choice, param, text } from "./params.js";
import { defineCommand } from "./registry.js";

/** `/help [COMMAND]`: the commands this person may use here, generated from the registry. */
export const help = defineCommand({
  id: "help",
  words: ["help"],
  esWords: ["ayuda"],
  summary: "cmd.help",
  params: [param("command", text({ max: 60, trim: false }), { optional: true, rest: true })],
  access: "anyone",
  run(ctx, { command: topic }) {
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

/** A language: `en`, `es`, or any word that starts so (`English`, `español`, `es-MX`). */
const languageChoice = choice(
  [
    { value: "en", en: "en", es: "en" },
    { value: "es", en: "es", es: "es" },
  ],
  { fold: (word) => word.toLowerCase().slice(0, 2) },
);

/** `/lang en|es`: in a group, the chat's language; in a direct chat, the person's. */
export const lang = defineCommand({
  id: "lang",
  words: ["lang"],
  esWords: ["idioma"],
  aliases: [["language"], ["lengua"]],
  summary: "cmd.lang",
  params: [param("language", languageChoice)],
  access: "anyone",
  run(ctx, { language: chosen }) {
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
  params: [param("code", text({ max: 64, trim: false }), { optional: true })],
  access: "anyone",
  run(ctx) {
    ctx.reply(ctx.t("core.started"));
  },
});

export const generalCommands = [help, lang, start];
