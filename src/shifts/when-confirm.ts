import { DateTime } from "luxon";
import type { CommandContext } from "../core/context.js";
import { formatWhen, formatWhenInSentence } from "../core/time.js";
import { sql } from "../store/statements.js";
import type { Database } from "better-sqlite3-multiple-ciphers";

/** The command the question's buttons run (commands/pick.ts). */
const PICK_COMMAND = "shift.pick";

/** How long a which-date question may be answered by its buttons. */
export const QUESTION_TTL_MS = 24 * 60 * 60 * 1000;

/** A which-date question as stored: the line the lead typed, the words of the date, the exact dates offered. */
export interface WhenQuestion {
  id: number;
  line: string;
  typed: string;
  options: string[];
}

/**
 * A start time read from a phrase that may mean two dates ("next friday", "el próximo sábado", "5/12"
 * in English, "a las 6 y media"): nothing is created; the reply names both exact dates and offers a
 * button for each. The line is kept in the database and the buttons carry only its number and the
 * choice (Telegram allows 64 bytes of button data; a place and a note do not fit). The answer
 * re-reads the line with the date written out exactly, through the normal command path.
 */
export function askWhichDate(ctx: CommandContext, typed: string, first: number, second: number): void {
  const tz = ctx.net.tz;
  const line = ctx.event.kind === "command" ? ctx.event.args : ctx.event.payload;
  const exactly = (ms: number) => DateTime.fromMillis(ms, { zone: tz }).toFormat("yyyy-MM-dd HH:mm");
  const id = Number(
    sql(ctx.db, "INSERT INTO shift_questions (network_id, person_id, line, typed, options, asked_at) VALUES (?, ?, ?, ?, ?, ?)").run(
      ctx.net.id,
      ctx.person.id,
      line,
      typed,
      JSON.stringify([exactly(first), exactly(second)]),
      ctx.now,
    ).lastInsertRowid,
  );
  const params = { typed, first: formatWhen(first, tz, ctx.lang, ctx.now), second: formatWhen(second, tz, ctx.lang, ctx.now), firstSaid: formatWhenInSentence(first, tz, ctx.lang, ctx.now), secondSaid: formatWhenInSentence(second, tz, ctx.lang, ctx.now), firstExact: exactly(first), secondExact: exactly(second) };
  ctx.reply({
    text: ctx.t("shift.whenAmbiguous", params),
    buttons: [
      { label: ctx.t("shift.whenConfirmButton", params), action: PICK_COMMAND, payload: `${id} 1` },
      { label: ctx.t("shift.whenOtherButton", params), action: PICK_COMMAND, payload: `${id} 2` },
    ],
  });
}

/** The question `id` asked of this person in this network, still open; taken out of the store. */
export function takeQuestion(ctx: CommandContext, id: number): WhenQuestion | null {
  const row = sql(ctx.db, "SELECT id, line, typed, options FROM shift_questions WHERE id = ? AND network_id = ? AND person_id = ? AND asked_at > ?").get(
    id,
    ctx.net.id,
    ctx.person.id,
    ctx.now - QUESTION_TTL_MS,
  ) as { id: number; line: string; typed: string; options: string } | undefined;
  if (!row) return null;
  sql(ctx.db, "DELETE FROM shift_questions WHERE id = ?").run(id);
  return { id: row.id, line: row.line, typed: row.typed, options: JSON.parse(row.options) as string[] };
}

/** Forget questions nobody answered in time (they hold a place and a note as typed). */
export function purgeQuestions(db: Database, now: number): number {
  return sql(db, "DELETE FROM shift_questions WHERE asked_at <= ?").run(now - QUESTION_TTL_MS).changes;
}

/**
 * The argument line from the date on, with the words of `typed` (however they were spaced) replaced
 * by `exact`. What stood before the date was the sub-command word (`new`, `nuevo`), which the button's
 * command adds itself, or an option (`area="…"`), which is kept.
 */
export function replaceWhen(line: string, typed: string, exact: string): string {
  const words = typed.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const found = new RegExp(words.join("\\s+"), "u").exec(line);
  if (!found) return exact;
  const options = line.slice(0, found.index).match(/\S+=(?:"[^"]*"|\S+)/g) ?? [];
  return [exact + line.slice(found.index + found[0].length), ...options].join(" ").trim();
}
