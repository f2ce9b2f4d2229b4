import type { KindCounts, PersonalDataHook } from "../privacy/hooks.js";
import { countRows } from "../store/statements.js";
import { forgetPerson } from "./store.js";
import { AlertSubscriptions } from "./subscriptions.js";

/**
 * The alerts job's data about a person: the reports they sent, the votes they cast and their
 * subscriptions to alerts by private message. Forgetting keeps each report's text and each vote's
 * count, without anything that points to them, and deletes the subscriptions.
 */
export const alertsPersonalData: PersonalDataHook = {
  id: "alerts",
  kinds: [
    { id: "reports", label: "alert.privacy.reports", kept: "alert.privacy.reports.kept", keptDays: (r) => r.alertsDays },
    { id: "votes", label: "alert.privacy.votes", kept: "alert.privacy.votes.kept", keptDays: (r) => r.alertsDays },
    { id: "subscriptions", label: "alerts.privacy.subscriptions", kept: "alerts.privacy.subscriptions.kept", keptDays: (r) => r.inactiveMemberDays },
  ],
  count(db, person): KindCounts {
    return {
      reports: countRows(db, "SELECT count(*) AS n FROM alerts WHERE reporter_id = ?", person.id),
      votes: countRows(db, "SELECT count(*) AS n FROM alert_votes WHERE voter_id = ?", person.id),
      subscriptions: new AlertSubscriptions(db).countFor(person.id),
    };
  },
  forget(ctx, person) {
    return { ...forgetPerson(ctx.db, person.id), subscriptions: new AlertSubscriptions(ctx.db).forget(person.id) };
  },
};
