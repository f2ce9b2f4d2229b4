import type { ParamSuggester } from "../core/commands/suggestions.js";
import { t } from "../core/i18n/catalog.js";
import { formatWhen } from "../core/time.js";
import { CanvassStore } from "./store.js";

/**
 * The canvass job's suggestions while a member types: open canvasses of the chat's network by number
 * (`#2 “Fire on 5th” · 3 blocks open of 12 · deadline Sat Dec 5, 10am`) and the blocks of the
 * canvass already filled in (`B3 · open`). A block's label (streets, addresses) is shown only where
 * the chat may see places; a plain channel gets ids and states, as `/canvass status` gives it.
 */

/** Open canvasses whose number starts with what was typed, newest first. */
export const canvassSuggester: ParamSuggester = {
  params: ["canvass"],
  suggest({ db, networkId, tz, lang, now, typed }) {
    const digits = typed.replace(/^#/, "");
    const store = new CanvassStore(db);
    return store
      .open()
      .filter((c) => c.networkId === networkId && String(c.num).startsWith(digits))
      .reverse()
      .map((c) => {
        const progress = store.progress(c.id);
        const params = { num: c.num, title: c.title, open: progress.blocks.open, total: progress.total, deadline: formatWhen(c.deadlineAt, tz, lang, now) };
        return { value: String(c.num), label: t(lang, "canvass.suggestLabel", params) };
      });
  },
};

/** The blocks of the canvass given in the other option, those whose id starts with what was typed. */
export const blockSuggester: ParamSuggester = {
  params: ["block"],
  suggest({ db, networkId, lang, view, typed, given }) {
    const num = Number(given.canvass);
    if (!Number.isSafeInteger(num)) return [];
    const store = new CanvassStore(db);
    const canvass = store.byNum(networkId, num);
    if (!canvass || canvass.closedAt !== null) return [];
    const prefix = typed.toUpperCase();
    return store
      .blocks(canvass.id)
      .filter((b) => b.code.toUpperCase().startsWith(prefix))
      .map((b) => {
        const state = t(lang, `canvass.state.${b.state}`);
        const label =
          view === "exact" && b.label
            ? t(lang, "canvass.suggestBlockLabel", { block: b.code, state, label: b.label })
            : t(lang, "canvass.suggestBlock", { block: b.code, state });
        return { value: b.code, label };
      });
  },
};
