import { type Lang, t } from "../core/i18n/catalog.js";
import type { Button } from "../core/port.js";
import { formatWhen } from "../core/time.js";
import { BLOCK_STATES, type Block, type Canvass, type Progress, type ReportCounts } from "./model.js";
import { formatSpan } from "./when.js";

/** Most claim buttons under a status message. */
const MAX_CLAIM_BUTTONS = 8;

/** Time left before the deadline, or "passed". */
export function timeLeft(canvass: Canvass, now: number, lang: Lang): string {
  return canvass.deadlineAt > now ? formatSpan(canvass.deadlineAt - now) : t(lang, "canvass.deadlinePassed");
}

/** `open 3, claimed 1, reported 0, done 2` (`3 libres, 1 tomada, …`) in the reader's language. */
export function stateCounts(progress: Progress, lang: Lang): string {
  return BLOCK_STATES.map((s) => t(lang, "canvass.stateCount", { state: s, count: progress.blocks[s] })).join(", ");
}

/** The numbers every summary shows: blocks by state, doors, cameras, footage and time left. */
export function progressParams(canvass: Canvass, progress: Progress, now: number, lang: Lang, tz: string): Record<string, string | number> {
  return {
    num: canvass.num,
    title: canvass.title,
    total: progress.total,
    states: stateCounts(progress, lang),
    doors: progress.doors,
    answered: progress.answered,
    cameras: progress.cameras,
    footage: progress.footage,
    custody: progress.custody,
    deadline: formatWhen(canvass.deadlineAt, tz, lang, now),
    left: timeLeft(canvass, now, lang),
  };
}

/** The counts of a report as one phrase. */
export function countsText(counts: ReportCounts, lang: Lang): string {
  return t(lang, "canvass.counts", { ...counts });
}

/**
 * Status as text. `detail` decides what may show: `ids` (a group that is not encrypted: block ids
 * by state only), `labels` (a private or encrypted chat: labels too), `lead` (labels, who holds each
 * block and report notes). `self` is the reader, so their own claims show as theirs.
 */
export function statusText(
  canvass: Canvass,
  blocks: Block[],
  progress: Progress,
  opts: { now: number; lang: Lang; tz: string; detail: "ids" | "labels" | "lead"; self: number; nameOf: (personId: number) => string },
): string {
  const { lang, detail } = opts;
  const lines = [
    t(lang, "canvass.statusHeader", {
      ...progressParams(canvass, progress, opts.now, lang, opts.tz),
      closed: canvass.closedAt !== null ? t(lang, "canvass.closedTag") : "",
    }),
  ];
  if (blocks.length === 0) {
    lines.push(t(lang, "canvass.noBlocks", { num: canvass.num }));
    return lines.join("\n");
  }
  if (detail === "ids") {
    for (const state of BLOCK_STATES) {
      const codes = blocks.filter((b) => b.state === state).map((b) => b.code);
      if (codes.length > 0) lines.push(`${t(lang, `canvass.state.${state}`)}: ${codes.join(", ")}`);
    }
    return lines.join("\n");
  }
  for (const b of blocks) {
    const holder = b.claim?.personId;
    const who =
      holder === undefined || holder === null
        ? ""
        : holder === opts.self
          ? t(lang, "canvass.byYou")
          : detail === "lead"
            ? t(lang, "canvass.byName", { name: opts.nameOf(holder) })
            : "";
    const report = b.report ? ` · ${countsText(b.report, lang)}` : "";
    const note = detail === "lead" && b.report?.note ? ` · ${t(lang, "canvass.noteTag", { note: b.report.note })}` : "";
    lines.push(
      t(lang, "canvass.blockLine", { block: b.code, label: b.label ? ` ${b.label}` : "", state: t(lang, `canvass.state.${b.state}`), who }) + report + note,
    );
  }
  return lines.join("\n");
}

/** Claim buttons for the first open blocks, so members can take one with a tap. */
export function claimButtons(canvass: Canvass, blocks: Block[], lang: Lang): Button[] {
  if (canvass.closedAt !== null) return [];
  return blocks
    .filter((b) => b.state === "open")
    .slice(0, MAX_CLAIM_BUTTONS)
    .map((b) => ({ label: t(lang, "canvass.claimButton", { block: b.code }), action: "claim", payload: `${canvass.num} ${b.code}` }));
}
