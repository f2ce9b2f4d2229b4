import { number, param } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { UserError } from "../../core/context.js";
import { t } from "../../core/i18n/catalog.js";
import { AlertPaging } from "../paging-store.js";
import { tellVerifiers } from "../paging.js";
import { openLead } from "./votes.js";

/**
 * `/going ID [MINUTES]` (`/voy`, also the "I'm going" button): a verifier takes a report to go and
 * see. It acknowledges the page (no escalation), the other verifiers who have it are told it is
 * taken, and a confirmation from whoever went counts as on the scene, which the signed alert says.
 * The taker's name goes only to other verifiers in direct chats; a verifier chat reads "a verifier".
 */
export const alertGoing = defineCommand({
  id: "alert.going",
  unlimited: true,
  words: ["going"],
  esWords: ["voy"],
  aliases: [["imgoing"], ["dispatch"], ["voy-en-camino"]],
  summary: "alert.cmd.going",
  params: [
    param("alert", number({ min: 1, max: 1_000_000_000 }), { label: "param.alert.id", noun: "arg.alert" }),
    param("eta", number({ min: 1, max: 240 }), { label: "param.alert.eta", noun: "arg.alert.eta", optional: true }),
  ],
  access: "verifier",
  button: true,
  run(ctx, { alert: num, eta }) {
    const { lead, group } = openLead(ctx, num);
    // A reporter cannot be the one who checks their own report.
    if (group.some((r) => r.reporterId === ctx.person.id)) {
      ctx.replyPrivately((lang) => t(lang, "alert.ownReport", { num }));
      return;
    }
    const paging = new AlertPaging(ctx.db);
    if (!paging.take(lead.id, ctx.person.id, eta ?? null, ctx.now)) {
      const taken = paging.dispatch(lead.id);
      if (taken?.personId === ctx.person.id) throw new UserError("alert.goingAlready", { num: lead.num });
      const who = taken?.personId ? ctx.services.people.byId(taken.personId) : null;
      ctx.replyToAsker((lang) => t(lang, "alert.goingTaken", { num: lead.num, name: who?.displayName ?? "?" }));
      return;
    }
    paging.acknowledge(lead.id, ctx.now);
    const name = ctx.person.displayName;
    const sent = tellVerifiers(
      ctx.services,
      lead,
      ctx.now,
      `alert-taken:${lead.id}.${lead.createdAt}`,
      (lang, direct) => ({
        text: direct
          ? t(lang, "alert.takenBy", { num: lead.num, name, eta: eta ?? 0 })
          : t(lang, "alert.takenNeutral", { num: lead.num, eta: eta ?? 0 }),
      }),
      // In a verifiers' chat the neutral answer below is that chat's notice.
      { person: ctx.person.id, ...(ctx.chat.isDirect ? {} : { chat: ctx.chat.ref }) },
    );
    for (const p of sent) ctx.touchedPlatforms.add(p);
    ctx.replyPrivately(
      (lang) => t(lang, "alert.goingDone", { num: lead.num, eta: eta ?? 0 }),
      (lang) => t(lang, "alert.takenNeutral", { num: lead.num, eta: eta ?? 0 }),
    );
  },
});
