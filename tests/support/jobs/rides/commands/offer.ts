import { param, text } from "../../../../../src/core/commands/params.js";
import { defineCommand } from "../../../../../src/core/commands/registry.js";
import { audit } from "../../../../../src/core/audit.js";
import { UserError } from "../../../../../src/core/context.js";
import { offerRide, offersIn } from "../store.js";

/** `/ride offer FROM` (members): offer a ride. */
export const rideOffer = defineCommand({
  id: "ride.offer",
  words: ["ride", "offer"],
  esWords: ["viaje", "ofrecer"],
  summary: "rides.cmd.offer",
  params: [param("from", text({ min: 1, max: 80 }), { rest: true, label: "param.rides.from", noun: "rides.arg.from" })],
  access: "member",
  run(ctx, { from }) {
    const { perNetwork } = ctx.services.settings.rides;
    if (offersIn(ctx.db, ctx.net.id) >= perNetwork) throw new UserError("rides.full", { max: perNetwork });
    const num = offerRide(ctx.db, ctx.net.id, ctx.person.id, from, ctx.now);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "ride.offer", subject: `ride:${num}`, at: ctx.now });
    ctx.reply(ctx.t("rides.offered", { num, from }));
  },
});
