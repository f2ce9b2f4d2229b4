import { z } from "zod";
import { defineCommand } from "../../../../../src/core/commands/registry.js";
import { offerRide } from "../store.js";

/** `/ride offer FROM` (members): offer a ride. */
export const rideOffer = defineCommand({
  id: "ride.offer",
  words: ["ride", "offer"],
  esWords: ["viaje", "ofrecer"],
  summary: "rides.cmd.offer",
  params: [{ label: "param.rides.from", rest: true }],
  access: "member",
  schema: z.object({ p0: z.string().trim().min(1).max(80) }),
  run(ctx, { p0: from }) {
    const num = offerRide(ctx.db, ctx.net.id, ctx.person.id, from, ctx.now);
    ctx.reply(ctx.t("rides.offered", { num, from }));
  },
});
