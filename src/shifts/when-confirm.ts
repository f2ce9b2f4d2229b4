import { DateTime } from "luxon";
import type { CommandContext } from "../core/context.js";
import { formatWhen } from "../core/time.js";

/**
 * A start time read from a phrase that may mean two dates ("next friday", "el próximo sábado",
 * "5/12" in English): nothing is created; the reply names both exact dates and offers a button for
 * each. A button re-runs the same command with the date written out exactly, which reads without
 * doubt, so the shift is only ever created through the normal command path.
 */
export function askWhichDate(ctx: CommandContext, commandId: string, typed: string, first: number, second: number): void {
  const tz = ctx.net.tz;
  const line = ctx.event.kind === "command" ? ctx.event.args : ctx.event.payload;
  const exactly = (ms: number) => DateTime.fromMillis(ms, { zone: tz }).toFormat("yyyy-MM-dd HH:mm");
  const withDate = (ms: number) => replaceWhen(line, typed, exactly(ms));
  const params = { typed, first: formatWhen(first, tz, ctx.lang, ctx.now), second: formatWhen(second, tz, ctx.lang, ctx.now), firstExact: exactly(first), secondExact: exactly(second) };
  ctx.reply({
    text: ctx.t("shift.whenAmbiguous", params),
    buttons: [
      { label: ctx.t("shift.whenConfirmButton", params), action: commandId, payload: withDate(first) },
      { label: ctx.t("shift.whenOtherButton", params), action: commandId, payload: withDate(second) },
    ],
  });
}

/**
 * The argument line from the date on, with the words of `typed` (however they were spaced) replaced
 * by `exact`. What stood before the date was the sub-command word (`new`, `nuevo`), which the button's
 * command adds itself, or an option (`area="…"`), which is kept.
 */
function replaceWhen(line: string, typed: string, exact: string): string {
  const words = typed.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const found = new RegExp(words.join("\\s+"), "u").exec(line);
  if (!found) return exact;
  const options = line.slice(0, found.index).match(/\S+=(?:"[^"]*"|\S+)/g) ?? [];
  return [exact + line.slice(found.index + found[0].length), ...options].join(" ").trim();
}
