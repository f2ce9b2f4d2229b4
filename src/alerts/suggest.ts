import type { ParamSuggester } from "../core/commands/suggestions.js";
import { t } from "../core/i18n/catalog.js";
import { formatWhen } from "../core/time.js";
import { whereFor } from "./render.js";
import { type AlertState, AlertStore } from "./store.js";

/**
 * The alerts job's suggestions for an `alert` number, offered only to those who may run the command
 * (verifiers; see Suggestions): reports waiting for a vote for /confirm, /reject and /unsure, and
 * verified alerts for the others, each by its state, its votes and when it came in. Never the
 * reporter or their text; the place only where the chat may see places, and then coarse as elsewhere.
 */
export const alertSuggester: ParamSuggester = {
  params: ["alert"],
  suggest({ db, networkId, tz, lang, now, view, typed, command }) {
    const digits = typed.replace(/^#/, "");
    const states: AlertState[] = ["confirm", "reject", "unsure"].includes(command)
      ? ["pending"]
      : command === "alert status"
        ? ["pending", "verified", "allclear", "expired"]
        : ["verified"];
    const store = new AlertStore(db);
    const quorum = store.quorum(networkId);
    return store
      .latest(networkId, states, 25)
      .filter((a) => String(a.num).startsWith(digits))
      .map((a) => {
        const params = { num: a.num, state: a.state, confirm: store.tally(a.id).confirm, quorum, when: formatWhen(a.createdAt, tz, lang, now) };
        const label =
          view === "exact" && a.place
            ? t(lang, "alert.suggestLabelWhere", { ...params, where: whereFor(a.place, false, lang) })
            : t(lang, "alert.suggestLabel", params);
        return { value: String(a.num), label };
      });
  },
};
