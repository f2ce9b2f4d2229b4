import { allows } from "../auth.js";
import { answerHelp } from "./help-text.js";
import { UserError } from "../context.js";
import { t } from "../i18n/catalog.js";
import { readLangName } from "../i18n/lang-names.js";
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
    answerHelp(ctx, topic);
  },
});

/** A language: `en`, `es`, or its name in either language (`English`, `inglés`, `espanol`: lang-names.ts). */
const languageChoice = choice(
  [
    // A language is named in its own language, whatever the reader's.
    { value: "en", en: "en", es: "en", label: "lang.choice.en" },
    { value: "es", en: "es", es: "es", label: "lang.choice.es" },
  ],
  { fold: (word) => readLangName(word) ?? foldWord(word) },
);

/** `/lang en|es` (or the language named in either language): in a group, the chat's language; in a direct chat, the person's. */
export const lang = defineCommand({
  id: "lang",
  words: ["lang"],
  esWords: ["idioma"],
  aliases: [["language"]],
  esAliases: [["lengua"]],
  summary: "cmd.lang",
  params: [param("language", languageChoice)],
  access: "anyone",
  // Pressed from the buttons offered when the language is left out.
  button: true,
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
  esAliases: [["empezar"]],
  summary: "cmd.start",
  params: [param("code", text({ max: 64, trim: false }), { optional: true })],
  access: "anyone",
  run(ctx) {
    // In a group, /start is someone trying the bot out: answer for the group, not as a private chat.
    ctx.reply(ctx.chat.isDirect ? ctx.t("core.started") : ctx.t(ctx.network ? "start.groupLinked" : "start.groupUnlinked"));
  },
});

export const generalCommands = [help, lang, start];
