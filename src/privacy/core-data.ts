import type { Person } from "../core/people.js";
import { countRows, sql } from "../store/statements.js";
import type { KindCounts, PersonalDataHook } from "./hooks.js";

/** Direct messages to the person still in the outbox: waiting, held, or delivered (body erased). */
const OUTBOX_TO = "FROM outbox WHERE target_kind = 'direct' AND platform = ? AND target = ?";

/**
 * The core's data about a person: the persons row (platform id, display name, language), network
 * memberships, granted roles, direct messages in the outbox, and the audit records of what they did.
 * Registered last, since forgetting it deletes the persons row the jobs' records point to.
 */
export const corePersonalData: PersonalDataHook = {
  id: "core",
  kinds: [
    { id: "profile", label: "privacy.core.profile", kept: "privacy.core.profile.kept" },
    { id: "memberships", label: "privacy.core.memberships", kept: "privacy.core.memberships.kept" },
    { id: "roles", label: "privacy.core.roles", kept: "privacy.core.roles.kept" },
    { id: "messages", label: "privacy.core.messages", kept: "privacy.core.messages.kept" },
    { id: "audit", label: "privacy.core.audit", kept: "privacy.core.audit.kept", keptDays: (r) => r.auditDays },
  ],
  count(db, person: Person): KindCounts {
    return {
      profile: countRows(db, "SELECT count(*) AS n FROM persons WHERE id = ?", person.id),
      memberships: countRows(db, "SELECT count(*) AS n FROM memberships WHERE person_id = ?", person.id),
      roles: countRows(db, "SELECT count(*) AS n FROM roles WHERE person_id = ?", person.id),
      messages: countRows(db, `SELECT count(*) AS n ${OUTBOX_TO}`, person.platform, person.userId),
      audit: countRows(db, "SELECT count(*) AS n FROM audit WHERE actor_id = ?", person.id),
    };
  },
  forget(ctx, person) {
    const { db } = ctx;
    const counts = this.count(db, person);
    // Records that stay, without the person: who granted a role, who made an invite, audit entries.
    sql(db, "UPDATE roles SET granted_by = NULL WHERE granted_by = ?").run(person.id);
    sql(db, "UPDATE invites SET created_by = 0 WHERE created_by = ?").run(person.id);
    sql(db, "UPDATE audit SET actor_id = NULL WHERE actor_id = ?").run(person.id);
    sql(db, "UPDATE audit SET subject_person_id = NULL WHERE subject_person_id = ?").run(person.id);
    sql(db, `DELETE ${OUTBOX_TO}`).run(person.platform, person.userId);
    // Answers not yet sent to the private chat this is asked in: its reference holds their id.
    if (ctx.chat.isDirect) sql(db, "DELETE FROM outbox WHERE target_kind = 'chat' AND target = ?").run(ctx.chat.ref);
    sql(db, "DELETE FROM roles WHERE person_id = ?").run(person.id);
    sql(db, "DELETE FROM memberships WHERE person_id = ?").run(person.id);
    // Last: the row every other record pointed to. Remaining references cascade or become NULL.
    sql(db, "DELETE FROM persons WHERE id = ?").run(person.id);
    return counts;
  },
};
