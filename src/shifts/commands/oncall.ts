import { GRANTED_ROLES, type GrantedRole } from "../../core/auth.js";
import { defineCommand } from "../../core/commands/registry.js";
import type { CommandContext } from "../../core/context.js";
import type { NextDuty, OnDuty } from "../../core/duty.js";
import { type Lang, t } from "../../core/i18n/catalog.js";
import { formatEnd, formatWhen, formatWhenInSentence } from "../../core/time.js";
import { shiftDutyRota } from "../duty.js";
import { DutyShifts } from "../duty-store.js";

/** One role's rota now: who is on duty, and the next duty shift. */
interface RoleRota {
  role: GrantedRole;
  now: OnDuty[];
  next: NextDuty | null;
}

/** The roles with a duty shift under way or planned, in role order. */
function rotas(ctx: CommandContext): RoleRota[] {
  const duty = shiftDutyRota({ db: ctx.db, people: ctx.services.people });
  const shifts = new DutyShifts(ctx.db);
  return GRANTED_ROLES.map((role) => ({ role, now: duty.onDuty(ctx.net.id, role, ctx.now), next: duty.next(ctx.net.id, role, ctx.now) })).filter(
    // A shift under way with nobody on it is a gap to show, not "nothing planned".
    (r) => r.now.length > 0 || r.next !== null || shifts.underWay(ctx.net.id, r.role, ctx.now),
  );
}

/** The rota in `lang`: names when `names`, else only how many people. */
function rotaText(ctx: CommandContext, list: RoleRota[], lang: Lang, names: boolean): string {
  const tz = ctx.net.tz;
  if (list.length === 0) return t(lang, "duty.none");
  const join = (items: string[]) => new Intl.ListFormat(lang, { type: "conjunction" }).format(items);
  const lines = [t(lang, "duty.header", { tz })];
  for (const { role, now, next } of list) {
    if (names && now.length > 0) {
      const who = now.map((d) => t(lang, "duty.personUntil", { name: d.person.displayName, until: formatWhenInSentence(d.until, tz, lang, ctx.now) }));
      lines.push(t(lang, "duty.nowNames", { role, names: join(who) }));
    } else {
      lines.push(t(lang, "duty.nowCount", { role, count: now.length }));
    }
    if (!next) {
      lines.push(t(lang, "duty.nextNone"));
      continue;
    }
    const span = { when: formatWhen(next.startsAt, tz, lang, ctx.now), end: formatEnd(next.startsAt, next.endsAt, tz, lang, ctx.now) };
    lines.push(
      names && next.people.length > 0
        ? t(lang, "duty.nextNames", { ...span, names: join(next.people.map((p) => p.displayName)) })
        : t(lang, "duty.nextCount", { ...span, count: next.people.length }),
    );
  }
  return lines.join("\n");
}

/**
 * `/oncall` (`/deturno`): who is on duty now and next. Names only to leads and verifiers, and only
 * where they alone read them (a direct chat or an ephemeral reply; else by private message, the
 * chat getting the counts); any other member gets the counts, which name nobody.
 */
export const onCall = defineCommand({
  id: "oncall",
  words: ["oncall"],
  esWords: ["deturno"],
  aliases: [["on-call"], ["onduty"]],
  esAliases: [["guardia"]],
  summary: "cmd.oncall",
  params: [],
  access: "member",
  run(ctx) {
    const list = rotas(ctx);
    const mayName = ctx.roles.has("lead") || ctx.roles.has("verifier");
    if (!mayName) {
      ctx.reply(rotaText(ctx, list, ctx.lang, false));
      return;
    }
    ctx.replyToAsker(
      (lang) => rotaText(ctx, list, lang, true),
      (lang) => rotaText(ctx, list, lang, false),
    );
  },
});
