import { randomUUID } from "node:crypto";
import type { CommandContext } from "../core/context.js";
import type { ChatRef } from "../core/port.js";
import { placeView } from "../core/visibility.js";
import { shiftCard } from "./render.js";
import { ShiftStore } from "./store.js";

/**
 * A shift's card (the message `/shift new` posted, with its buttons) is kept in the outbox under a
 * key of its own, so that a change to the roster made anywhere (a private `/cancel`, `/myshifts`, a
 * `/signup` typed in another chat) redraws it: counts and buttons, as a press on the card does.
 */

/** The outbox key of a shift's card in a chat. */
export function shiftCardKey(shiftId: number, chat: ChatRef): string {
  return `${cardPrefix(shiftId)}${chat}`;
}

function cardPrefix(shiftId: number): string {
  return `shift-card:${shiftId}:`;
}

/**
 * Queue an edit of each sent card of the shift to its current state, in the card chat's language
 * and with what that chat may see; not in the chat the change came from (see below).
 */
export function redrawCards(ctx: CommandContext, shiftId: number): void {
  const shift = new ShiftStore(ctx.db).byId(shiftId);
  if (!shift) return;
  const { outbox, networks, capabilitiesOf, defaultLang } = ctx.services;
  for (const card of outbox.byKeyPrefix(cardPrefix(shiftId))) {
    if (card.status !== "sent" || !card.message_id || card.target_kind !== "chat") continue;
    const chat = card.target as ChatRef;
    // Not in the chat the change came from: a press there redraws its own message, and a typed
    // command is answered there; an edit besides would spend the chat's send budget on every sign-up.
    if (chat === ctx.chat.ref) continue;
    const record = networks.chat(chat);
    if (!record?.active || record.networkId !== shift.networkId) continue;
    const caps = capabilitiesOf(chat);
    if (!caps?.edits) continue;
    const msg = shiftCard(shift, ctx.net.tz, record.lang ?? defaultLang, ctx.now, placeView({ isDirect: false, e2ee: caps.e2ee }));
    // A redraw still waiting is brought up to date rather than followed by another (a rush of sign-ups).
    const redraws = `shift-card-redraw:${shiftId}:${chat}:`;
    const waiting = outbox.byKeyPrefix(redraws).find((r) => r.status === "pending");
    if (waiting && outbox.replacePending(waiting.id, { msg, editOf: card.key })) continue;
    const key = `${redraws}${ctx.event.eventId ?? randomUUID()}`;
    if (outbox.enqueue({ key, target: { kind: "chat", chat }, msg, editOf: card.key }, ctx.now)) ctx.touchedPlatforms.add(card.platform);
  }
}
