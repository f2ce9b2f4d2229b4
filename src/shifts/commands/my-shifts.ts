import { defineCommand } from "../../core/commands/registry.js";
import type { CommandContext } from "../../core/context.js";
import { type Lang, t } from "../../core/i18n/catalog.js";
import type { Outbound } from "../../core/port.js";
import { cancelButton, shiftParams } from "../render.js";
import { ShiftStore } from "../store.js";

/**
 * `/myshifts` (`/misturnos`): the shifts a member is on or waiting for, with a button to leave
 * each. It names exact places, so it goes privately (a direct message, or an ephemeral reply).
 */
export const myShifts = defineCommand({
  id: "myshifts",
  words: ["myshifts"],
  esWords: ["misturnos"],
  aliases: [["my-shifts"]],
  esAliases: [["mis-turnos"]],
  summary: "cmd.myshifts",
  params: [],
  access: "member",
  button: true,
  run(ctx) {
    ctx.replyPrivately(myShiftsMessage(ctx));
  },
});

/** The member's list, rendered per language; also what a press on one of its buttons redraws. */
export function myShiftsMessage(ctx: CommandContext): (lang: Lang) => Outbound {
  const mine = new ShiftStore(ctx.db).mine(ctx.net.id, ctx.person.id, ctx.now);
  const tz = ctx.net.tz;
  return (lang) => {
    if (mine.length === 0) return { text: t(lang, "shift.mineNone") };
    const lines = mine.map(({ shift, status, position }) =>
      t(lang, status === "confirmed" ? "shift.mineConfirmed" : "shift.mineWaiting", { ...shiftParams(shift, tz, lang, "exact", ctx.now), position }),
    );
    return {
      text: [t(lang, "shift.mineHeader", { tz }), ...lines].join("\n"),
      buttons: mine.map(({ shift, status }) => cancelButton(shift, lang, status, "mine")),
    };
  };
}
