import { param, text } from "../../../../../src/core/commands/params.js";
import { defineCommand } from "../../../../../src/core/commands/registry.js";
import { offerRide } from "../store.js";

/** `/ride offer FROM` (members): offer a ride. */
export const rideOffer = defineCommand({
  id: "ride.offer",
  words: ["ride", "offer"],
  esWords: ["viaje", "ofrecer"],
  summary: "rides.cmd.offer",
  params: [param("from", text({ min: 1, max: 80 }), { rest: true, label: "param.rides.from", noun: "rides.arg.from" })],
  access: "member",
  run(ctx, { from }) {
    const num = offerRide(ctx.db, ctx.net.id, ctx.person.id, from, ctx.now);
    ctx.reply(ctx.t("rides.offered", { num, from }));
  },
});
