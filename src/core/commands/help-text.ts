import { allows } from "../auth.js";
import type { CommandContext } from "../context.js";
import { truncate } from "../text.js";
import { echoTyped } from "./command-refs.js";
import { foldWord } from "./grammar.js";
import { type AnyCommand, commandPaths } from "./registry.js";
import { suggestCommand } from "./suggest.js";

/**
 * What `/help` says. Without a topic: the commands the asker may use in this chat, each needing a
 * role marked with it in parentheses, as the heading says (brackets are for what may be left out).
 * With a topic: how to use that command, whoever asks, and which role it needs.
 */

/** Whether the asker may run `spec` in this chat: the network, the role and the kind of chat all allow it. */
export function usableHere(ctx: CommandContext, spec: AnyCommand): boolean {
  if (spec.access !== "anyone" && !ctx.network) return false;
  if (!allows(ctx.roles, spec.access)) return false;
  return !(spec.where === "group" && ctx.chat.isDirect);
}

/** The role a command needs beyond being a member, or null. */
function neededRole(spec: AnyCommand): "lead" | "verifier" | "admin" | null {
  return spec.access === "anyone" || spec.access === "member" ? null : spec.access;
}

/** Every way to write a command's words, folded, for matching a topic. */
function paths(spec: AnyCommand): string[][] {
  return commandPaths(spec).filter((p) => p.length > 0).map((p) => p.map(foldWord));
}

/** Commands whose words begin with the topic's words (`shift` matches every `/shift …`). */
function matching(all: readonly AnyCommand[], topic: string): AnyCommand[] {
  const wanted = foldWord(topic.replace(/^[/!]+/, "")).split(/\s+/).filter(Boolean);
  if (wanted.length === 0) return [];
  return all.filter((spec) => paths(spec).some((path) => wanted.every((w, i) => path[i] === w)));
}

/** The list: what the asker may use here. */
function overview(ctx: CommandContext): string {
  const { registry } = ctx.services;
  const lines = registry.all
    .filter((spec) => usableHere(ctx, spec))
    .map((spec) => {
      const role = neededRole(spec);
      const usage = registry.usage(spec, ctx.lang) + (role ? ` ${ctx.t("help.roleMark", { role: ctx.t(`role.${role}`) })}` : "");
      return ctx.t("help.line", { usage, summary: ctx.t(spec.summary) });
    });
  return [ctx.t("help.heading"), ...lines].join("\n");
}

/** One command explained: usage, what it does, other spellings, and who may use it where. */
function explain(ctx: CommandContext, spec: AnyCommand): string {
  const { registry } = ctx.services;
  const lines = [ctx.t("help.line", { usage: registry.usage(spec, ctx.lang), summary: ctx.t(spec.summary) })];
  const shown = (ctx.lang === "es" && spec.esWords ? spec.esWords : spec.words).join(" ");
  const others = commandPaths(spec)
    .map((p) => p.join(" "))
    .filter((p, i, all) => p !== shown && all.indexOf(p) === i);
  if (others.length > 0) lines.push(`    ${ctx.t("help.alsoWritten", { words: others.map((p) => `/${p}`).join(", ") })}`);
  const role = neededRole(spec);
  const who =
    spec.access === "anyone"
      ? ctx.t("help.forAnyone")
      : role === null
        ? ctx.t("help.forMembers")
        : ctx.t("help.forRole", { role: ctx.t(`role.${role}`) });
  const yours = spec.access !== "anyone" && (!ctx.network || !allows(ctx.roles, spec.access)) ? ` ${ctx.t("help.notYoursHere")}` : "";
  lines.push(`    ${who}${yours}`);
  if (spec.where === "group") lines.push(`    ${ctx.t("help.groupOnly")}`);
  return lines.join("\n");
}

/** Answer `/help [TOPIC]`. */
export function answerHelp(ctx: CommandContext, topic: string | undefined): void {
  if (!topic?.trim()) {
    ctx.reply(overview(ctx));
    return;
  }
  const { registry } = ctx.services;
  const specs = matching(registry.all, topic);
  if (specs.length > 0) {
    ctx.reply(specs.map((spec) => explain(ctx, spec)).join("\n"));
    return;
  }
  const first = topic.replace(/^[/!]+/, "").trim().split(/\s+/)[0] ?? "";
  const suggestion = suggestCommand(registry, first, ctx.lang);
  // The whole topic is echoed, as typed (made inert by the pipeline), so the asker sees what was read.
  const name = truncate(topic, 40);
  const text = suggestion ? ctx.t("core.unknownSuggest", { name, suggestion }) : ctx.t("core.unknownCommand", { name });
  ctx.reply(echoTyped(text, ctx.chat.caps, name));
}
