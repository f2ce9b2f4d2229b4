import { number, param } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { shiftListPage } from "../pages.js";

/** `/shifts [PAGE]`: upcoming shifts with places left, each with a sign-up button, a page at a time. */
export const shiftsCommand = defineCommand({
  id: "shifts",
  words: ["shifts"],
  esWords: ["turnos"],
  summary: "cmd.shifts",
  params: [param("page", number({ min: 1, max: 1000 }), { optional: true })],
  access: "member",
  button: true,
  run(ctx, { page = 1 }) {
    const list = shiftListPage(ctx, page);
    // A Next/Previous press turns the page in place where the platform can edit.
    if (ctx.event.kind === "action" && ctx.event.messageId && ctx.chat.caps.edits) ctx.updateOrigin(list);
    else ctx.reply(list);
  },
});
