import { validateArgs } from "../../core/commands/arguments.js";
import { tokenize } from "../../core/commands/grammar.js";
import { number, param } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { UserError } from "../../core/context.js";
import { replaceWhen, takeQuestion } from "../when-confirm.js";
import { bindShiftNew, shiftNew } from "./new.js";

/**
 * `/shift pick QUESTION CHOICE`: the answer to a which-date question, normally by its buttons. The
 * stored line is read again with the chosen date written exactly, and validated and run as
 * `/shift new` would be; the question is used up.
 */
export const shiftPick = defineCommand({
  id: "shift.pick",
  words: ["shift", "pick"],
  esWords: ["turno", "elegir"],
  summary: "cmd.shift.pick",
  params: [param("question", number({ min: 1, max: Number.MAX_SAFE_INTEGER }), { label: "param.id", noun: "arg.question" }), param("choice", number({ min: 1, max: 2 }))],
  access: "lead",
  button: true,
  run(ctx, { question: id, choice }) {
    const question = takeQuestion(ctx, id);
    const exact = question?.options[choice - 1];
    if (!question || exact === undefined) throw new UserError("shift.questionGone");
    const line = replaceWhen(question.line, question.typed, exact);
    const usage = ctx.services.registry.usage(shiftNew, ctx.lang);
    const bound = bindShiftNew(tokenize(line));
    if (bound === null) throw new UserError("core.usage", { usage });
    const checked = validateArgs(shiftNew.params, bound, { lang: ctx.lang, now: ctx.now, tz: ctx.net.tz }, usage);
    // The date may have passed since the question was asked: the answer says so as /shift new would.
    if (!checked.ok) throw new UserError("shift.questionRefused", { reason: checked.reply });
    shiftNew.run(ctx, checked.args as Parameters<typeof shiftNew.run>[1]);
  },
});
