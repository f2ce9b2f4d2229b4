import type { KindCounts, PersonalDataHook } from "../privacy/hooks.js";
import { countRows } from "../store/statements.js";
import { forgetPerson } from "./forget.js";

/**
 * The canvass job's data about a person: the blocks they claimed, the reports they made, and the
 * custody entries that name them as the one who received footage. Forgetting frees their blocks,
 * keeps report numbers without who or note, and keeps custody entries without their name.
 */
export const canvassPersonalData: PersonalDataHook = {
  id: "canvass",
  kinds: [
    { id: "claims", label: "canvass.privacy.claims", kept: "canvass.privacy.claims.kept", keptDays: (r) => r.canvassDays },
    { id: "reports", label: "canvass.privacy.reports", kept: "canvass.privacy.reports.kept", keptDays: (r) => r.canvassDays },
    { id: "custody", label: "canvass.privacy.custody", kept: "canvass.privacy.custody.kept" },
  ],
  count(db, person): KindCounts {
    return {
      claims: countRows(db, "SELECT count(*) AS n FROM canvass_claims WHERE person_id = ?", person.id),
      reports: countRows(db, "SELECT count(*) AS n FROM canvass_reports WHERE person_id = ?", person.id),
      custody: countRows(db, "SELECT count(*) AS n FROM canvass_footage WHERE received_by = ?", person.id),
    };
  },
  forget(ctx, person) {
    const { claims, reports, custody } = forgetPerson(ctx.db, person.id);
    return { claims, reports, custody };
  },
};
