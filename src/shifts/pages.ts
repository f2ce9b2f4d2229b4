import type { CommandContext } from "../core/context.js";
import { UserError } from "../core/context.js";
import { t, tn } from "../core/i18n/catalog.js";
import type { Button, Outbound } from "../core/port.js";
import { shiftLine, shiftOpen, signupButton } from "./render.js";
import { ShiftStore } from "./store.js";

/**
 * `/shifts` in pages: a long list never stops silently. Each page says how many more there are and
 * how to see them (`/shifts 2`), with Previous/Next buttons where the platform has buttons.
 */

/** Shifts on one page of `/shifts`. */
export const SHIFTS_PER_PAGE = 15;

/** The button view of page `page` of the list: `list` for the first, `list.N` after. */
export function listView(page: number): string {
  return page <= 1 ? "list" : `list.${page}`;
}

/** The page a button view names (`list` → 1, `list.3` → 3), or null for a view that is no list. */
export function pageOfView(view: string | undefined): number | null {
  if (view === "list") return 1;
  const m = /^list\.(\d{1,4})$/.exec(view ?? "");
  return m ? Number(m[1]) : null;
}

/** Page `page` of the network's upcoming shifts, as this chat may show them. */
export function shiftListPage(ctx: CommandContext, page: number): Outbound {
  const store = new ShiftStore(ctx.db);
  const total = store.countUpcoming(ctx.net.id, ctx.now);
  const { lang } = ctx;
  if (total === 0) return { text: t(lang, "shift.none") };
  const pages = Math.ceil(total / SHIFTS_PER_PAGE);
  if (page > pages) throw new UserError("shift.noSuchPage", { page, pages });
  const shifts = store.upcomingPage(ctx.net.id, ctx.now, (page - 1) * SHIFTS_PER_PAGE, SHIFTS_PER_PAGE);
  const tz = ctx.net.tz;
  const header = pages > 1 ? t(lang, "shift.listHeaderPaged", { tz, page, pages }) : t(lang, "shift.listHeader", { tz });
  const lines = [header, ...shifts.map((s) => shiftLine(s, tz, lang, ctx.placeView, ctx.now))];
  const left = total - page * SHIFTS_PER_PAGE;
  if (left > 0) lines.push(tn(lang, "shift.more", left, { next: page + 1 }));
  const nav: Button[] = [];
  if (page > 1) nav.push({ label: t(lang, "shift.prevPage"), action: "shifts:list", payload: String(page - 1) });
  if (left > 0) nav.push({ label: t(lang, "shift.nextPage"), action: "shifts:list", payload: String(page + 1) });
  const view = listView(page);
  return { text: lines.join("\n"), buttons: [...shifts.filter((s) => shiftOpen(s, ctx.now)).map((s) => signupButton(s, lang, view)), ...nav] };
}
