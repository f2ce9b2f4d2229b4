import { param } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { bindZoneNames, meansAllZones, resolveZones, zoneList, zoneNames, zonesOf } from "../../core/commands/zones.js";
import { PLATFORM_NAMES, UserError } from "../../core/context.js";
import type { Zone } from "../../core/network/zones.js";
import { t } from "../../core/i18n/catalog.js";
import { AlertSubscriptions } from "../subscriptions.js";

/**
 * `/alerts on [ZONE…]`: verified alerts of these zones (none or `all`: every alert of the network)
 * by private message, on the platform this is sent from. Answered privately: who watches which
 * zone is nobody else's business, and nothing the bot says anywhere counts or names subscribers.
 */
export const alertsOn = defineCommand({
  id: "alerts.on",
  words: ["alerts", "on"],
  esWords: ["avisos", "activar"],
  aliases: [["alerts", "subscribe"], ["avisos", "suscribirme"], ["alertas", "activar"]],
  summary: "alerts.cmd.on",
  params: [param("zones", zoneList, { label: "param.zone.names", noun: "arg.zone.names", optional: true })],
  access: "member",
  bind: bindZoneNames,
  run(ctx, { zones: names = [] }) {
    let chosen: Zone[];
    try {
      chosen = names.length === 0 || meansAllZones(names) ? [] : resolveZones(ctx, names, { privately: true });
    } catch (err) {
      // Refused privately too: which zone someone tried to follow is theirs alone. Nothing changed.
      if (!(err instanceof UserError)) throw err;
      ctx.replyToAsker((lang) => t(lang, err.code, err.params));
      return;
    }
    new AlertSubscriptions(ctx.db).set(ctx.net.id, ctx.person.id, chosen.map((z) => z.id), ctx.chat.isDirect ? ctx.chat.ref : null, ctx.now);
    const platform = PLATFORM_NAMES[ctx.person.platform];
    const hasZones = zonesOf(ctx).count(ctx.net.id) > 0;
    ctx.replyToAsker((lang) =>
      chosen.length === 0
        ? t(lang, hasZones ? "alerts.onAll" : "alerts.onNetwork", { network: ctx.net.name, platform })
        : t(lang, "alerts.onZones", { network: ctx.net.name, platform, zones: zoneNames(chosen), count: chosen.length }),
    );
  },
});

/** `/alerts off`: no more alerts by private message from this network. */
export const alertsOff = defineCommand({
  id: "alerts.off",
  words: ["alerts", "off"],
  esWords: ["avisos", "desactivar"],
  aliases: [["alerts", "stop"], ["alertas", "desactivar"]],
  summary: "alerts.cmd.off",
  params: [],
  access: "member",
  run(ctx) {
    const had = new AlertSubscriptions(ctx.db).clear(ctx.net.id, ctx.person.id);
    ctx.replyToAsker((lang) => t(lang, had > 0 ? "alerts.off" : "alerts.offNone", { network: ctx.net.name }));
  },
});
