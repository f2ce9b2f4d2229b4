import { eventFor, type FakeRoom, type MatrixEvent, type StoredEvent, stripped } from "./model.js";
import { MatrixHttpError, type ServerState, type Session } from "./server-state.js";

/** How many events a room's timeline carries at most in one sync, like Synapse's default filter. */
const TIMELINE_LIMIT = 10;

/** Parse a since token of this server instance into a stream position. */
export function parseSince(state: ServerState, since: string | undefined): number | undefined {
  if (since === undefined || since === "") return undefined;
  const match = /^s([A-Za-z0-9_-]+)_(\d+)$/.exec(since);
  if (!match || match[1] !== state.instance || Number(match[2]) > state.position) {
    throw new MatrixHttpError(400, "M_INVALID_PARAM", "Invalid stream token");
  }
  return Number(match[2]);
}

export function sinceToken(state: ServerState): string {
  return `s${state.instance}_${state.position}`;
}

/**
 * The /sync answer for one device since a stream position (undefined: an initial sync).
 * Returns undefined when an incremental sync has nothing to say, so the caller can long-poll.
 */
export function buildSync(state: ServerState, session: Session, since: number | undefined): object | undefined {
  const now = Date.now();
  const userId = session.userId;
  const join: Record<string, object> = {};
  const invite: Record<string, object> = {};
  const leave: Record<string, object> = {};
  const view = (events: StoredEvent[]) => events.map((s) => eventFor(s, session.deviceId, now));

  for (const room of state.rooms.values()) {
    const membership = room.membership(userId);
    const membershipPos = room.membershipPos(userId);
    if (membership === "join") {
      const fresh = since === undefined || membershipPos > since;
      const newEvents = fresh ? room.timeline : room.timeline.filter((s) => s.pos > (since ?? 0));
      if (newEvents.length === 0) continue;
      const timeline = newEvents.slice(-TIMELINE_LIMIT);
      const inTimeline = new Set(timeline.map((s) => s.event.event_id));
      const stateEvents = fresh ? room.currentState().filter((s) => !inTimeline.has(s.event.event_id)) : [];
      join[room.id] = {
        state: { events: view(stateEvents) },
        timeline: { events: view(timeline), limited: newEvents.length > timeline.length, prev_batch: "p0" },
        account_data: { events: [] },
        ephemeral: { events: [] },
        unread_notifications: { highlight_count: 0, notification_count: 0 },
      };
    } else if (membership === "invite" && (since === undefined || membershipPos > since)) {
      invite[room.id] = { invite_state: { events: inviteState(room, userId) } };
    } else if ((membership === "leave" || membership === "ban") && since !== undefined && membershipPos > since) {
      const events = room.timeline.filter((s) => s.pos > since && s.pos <= membershipPos);
      leave[room.id] = { state: { events: [] }, timeline: { events: view(events), limited: false } };
    }
  }

  const accountData = [...(state.accountData.get(userId)?.entries() ?? [])]
    .filter(([, v]) => since === undefined || v.pos > since)
    .map(([type, v]) => ({ type, content: v.content }));

  const crypto = cryptoSync(state, session, since);
  const empty =
    Object.keys(join).length + Object.keys(invite).length + Object.keys(leave).length + accountData.length === 0 &&
    !crypto.news;
  if (empty && since !== undefined) return undefined;
  return {
    next_batch: sinceToken(state),
    rooms: { join, invite, leave },
    account_data: { events: accountData },
    presence: { events: [] },
    ...crypto.sections,
  };
}

/**
 * The end-to-end parts of a /sync: to-device messages for this device, users (sharing a room with
 * it) whose keys changed, its one-time key counts and unused fallback key types. `news` says
 * whether any of it is worth ending a long poll for.
 */
export function cryptoSync(state: ServerState, session: Session, since: number | undefined): { news: boolean; sections: object } {
  const toDevice = state.keys.toDeviceFor(session, since);
  const neighbours = new Set([session.userId]);
  for (const room of state.rooms.values()) {
    if (room.membership(session.userId) !== "join") continue;
    for (const m of [...room.membersWith("join"), ...room.membersWith("invite")]) neighbours.add(m);
  }
  const changed = since === undefined ? [] : state.keys.changedSince(neighbours, since);
  const claimed = since !== undefined && state.keys.claimedSince(session, since);
  return {
    news: toDevice.length > 0 || changed.length > 0 || claimed,
    sections: {
      to_device: { events: toDevice },
      device_lists: { changed, left: [] },
      device_one_time_keys_count: state.keys.oneTimeKeyCounts(session),
      device_unused_fallback_key_types: state.keys.unusedFallbackKeyTypes(session),
    },
  };
}

/** What an invited user may see of a room: a few stripped state events and their own invite. */
function inviteState(room: FakeRoom, userId: string): object[] {
  const types = ["m.room.create", "m.room.join_rules", "m.room.name", "m.room.encryption"];
  const events = types.map((t) => room.stateEvent(t)?.event).filter((e): e is MatrixEvent => e !== undefined);
  const inviteEvent = room.stateEvent("m.room.member", userId)?.event;
  const inviter = inviteEvent ? room.stateEvent("m.room.member", inviteEvent.sender)?.event : undefined;
  if (inviter) events.push(inviter);
  if (inviteEvent) events.push(inviteEvent);
  return events.map(stripped);
}
