import type { KindCounts, PersonalDataHook } from "../privacy/hooks.js";
import { countRows } from "../store/statements.js";
import { forgetPerson } from "./store.js";

/**
 * The alerts job's data about a person: the reports they sent and the votes they cast. Forgetting
 * keeps each report's text and each vote's count, without anything that points to them.
 */
export const alertsPersonalData: PersonalDataHook = {
  id: "alerts",
  kinds: [
    { id: "reports", label: "alert.privacy.reports", kept: "alert.privacy.reports.kept", keptDays: (r) => r.alertsDays },
    { id: "votes", label: "alert.privacy.votes", kept: "alert.privacy.votes.kept", keptDays: (r) => r.alertsDays },
  ],
  count(db, person): KindCounts {
    return {
      reports: countRows(db, "SELECT count(*) AS n FROM alerts WHERE reporter_id = ?", person.id),
      votes: countRows(db, "SELECT count(*) AS n FROM alert_votes WHERE voter_id = ?", person.id),
    };
  },
  forget(ctx, person) {
    return forgetPerson(ctx.db, person.id);
  },
};
