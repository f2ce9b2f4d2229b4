import { echoTyped } from "./commands/command-refs.js";
import { tokenize } from "./commands/grammar.js";
import type { Registry } from "./commands/registry.js";
import { suggestCommand } from "./commands/suggest.js";
import type { CoreServices } from "./context.js";
import { t } from "./i18n/catalog.js";
import { describeWait } from "./limits.js";
import { commandLine, floodCheck, type ParseOutcome, type Party, refusal } from "./pipeline.js";
import type { ActionEvent, CommandEvent } from "./port.js";
import { truncate } from "./text.js";

/** Longest argument text accepted; longer lines are refused before any parsing. */
export const MAX_ARGS_LENGTH = 2000;

/**
 * Stage 2: the line made inert, split into tokens and looked up; a private line that is no command
 * but that a command recognises is handed to it. Every line counts against the flood limits.
 */
export function parseStage(
  registry: Registry,
  services: CoreServices,
  event: CommandEvent | ActionEvent,
  party: Party,
  /** Called when a limit refuses the line (too long, a flood): the bot counts these. */
  limited: () => void,
): ParseOutcome {
  const { lang, chat } = party;
  const line = commandLine(registry, event);
  if (line === null) return refusal(lang, "core.badButton");
  if (line.args.length > MAX_ARGS_LENGTH) {
    limited();
    return refusal(lang, "core.tooLong");
  }
  const resolution = registry.resolve(line.name, tokenize(line.args));
  if (resolution.kind === "unknown" && event.kind === "command" && event.isDirect) {
    // A private line that is no command may still be something a command recognises (a pasted alert).
    const free = `${line.name} ${line.args}`.trim();
    const claimant = registry.claimant(free);
    if (claimant) return { kind: "claimed", event: { ...event, name: claimant.words[0]!, args: free } };
  }
  const now = services.clock.now();
  if (!(resolution.kind === "command" && resolution.spec.unlimited)) {
    const flood = floodCheck(services.limits, party.who, event.isDirect ? null : event.chat, now);
    if (flood) {
      limited();
      // Said once per flood, not at every command of it, where others would see the answers; an
      // ephemeral answer (Discord) is the flooder's alone, and leaves no interaction unanswered.
      if (!flood.check.firstRefusal && !chat.caps.ephemeral) return { kind: "refused", refusal: { via: "none" } };
      const text = t(lang, flood.key, { wait: describeWait(lang, flood.check.waitMs) });
      return { kind: "refused", refusal: { via: "direct", replies: [{ text, ephemeral: true }] } };
    }
  }
  if (resolution.kind === "unknown") {
    const suggestion = suggestCommand(registry, line.name, lang);
    const name = truncate(line.name, 40);
    const text = suggestion ? t(lang, "core.unknownSuggest", { name, suggestion }) : t(lang, "core.unknownCommand", { name });
    return { kind: "refused", refusal: { via: "answer", replies: [{ text: echoTyped(text, chat.caps, name) }] } };
  }
  if (resolution.kind === "group") {
    const usages = resolution.specs.map((s) => registry.usage(s, lang)).join("\n");
    return refusal(lang, "core.usage", { usage: `\n${usages}` });
  }
  const { spec, tokens } = resolution;
  // The command words someone types say which language they read (`/ayuda`, `/red crear`); a
  // button's do not. Privately they win unless the person chose a language; in a group, unless the
  // chat has one set.
  const spoken = event.kind === "command" ? resolution.spoken : undefined;
  if (spoken && (event.isDirect ? !party.person?.lang : !party.record?.lang)) party.lang = spoken;
  if (event.kind === "action" && !spec.button) return refusal(party.lang, "core.badButton");
  return { kind: "command", spec, tokens, line, now, ...(spoken ? { spoken } : {}) };
}
