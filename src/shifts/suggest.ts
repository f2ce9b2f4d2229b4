import { t } from "../core/i18n/catalog.js";
import type { ParamSuggester } from "../core/commands/suggestions.js";
import { formatWhen } from "../core/time.js";
import { shownPlace } from "./render.js";
import { ShiftStore } from "./store.js";

/**
 * The shifts job's suggestions for a `shift` number: the network's upcoming shifts, those whose
 * number starts with what was typed, each shown as `#3 Sat 5 Dec, 10:00 · Eastside church` with the
 * place as the chat may show it (a plain channel gets the public label, never the exact place).
 */
export const shiftSuggester: ParamSuggester = {
  params: ["shift"],
  suggest({ db, networkId, tz, lang, now, view, typed }) {
    const digits = typed.replace(/^#/, "");
    return new ShiftStore(db)
      .upcoming(networkId, now, 100)
      .filter((s) => String(s.num).startsWith(digits))
      .map((s) => ({ value: String(s.num), label: t(lang, "shift.suggestLabel", { num: s.num, when: formatWhen(s.startsAt, tz, lang, now), place: shownPlace(s, view, lang) }) }));
  },
};
