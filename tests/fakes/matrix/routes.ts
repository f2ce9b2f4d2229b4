import { buildSync, cryptoSync, parseSince, sinceToken } from "./sync.js";
import { keyRoutes } from "./key-routes.js";
import { type CreateRoomRequest, MatrixHttpError, type ServerState, type Session } from "./server-state.js";

/** What a route handler gets: the server state, the caller's session, path params, query and body. */
export interface RouteContext {
  state: ServerState;
  session: Session;
  params: (string | undefined)[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Resolves when the server is closing or the client hung up, so long polls can end early. */
  closing: Promise<void>;
}

export interface Route {
  method: string;
  /** Matched against the path after `/_matrix/client/(v3|r0)`; groups are URL-decoded into params. */
  pattern: RegExp;
  /** Routes that answer without an access token. */
  public?: boolean;
  handle(ctx: RouteContext): unknown;
}

const seg = "([^/]+)";

function requireSelf(ctx: RouteContext, userId: string): void {
  if (ctx.session.userId !== userId) throw new MatrixHttpError(403, "M_FORBIDDEN", "Cannot act for other users");
}

function stateKeyParam(raw: string | undefined): string {
  return raw ?? "";
}

/** The client-server API v3 endpoints the fake implements (keys and to-device ones in key-routes.ts). */
export const routes: Route[] = [
  ...keyRoutes,
  {
    method: "GET",
    pattern: /^\/account\/whoami$/,
    handle: ({ session }) => ({ user_id: session.userId, device_id: session.deviceId, is_guest: false }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^/user/${seg}/account_data/${seg}$`),
    handle: (ctx) => {
      requireSelf(ctx, ctx.params[0]!);
      return ctx.state.getAccountData(ctx.params[0]!, ctx.params[1]!);
    },
  },
  {
    method: "PUT",
    pattern: new RegExp(`^/user/${seg}/account_data/${seg}$`),
    handle: (ctx) => {
      requireSelf(ctx, ctx.params[0]!);
      ctx.state.setAccountData(ctx.params[0]!, ctx.params[1]!, ctx.body);
      return {};
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^/user/${seg}/filter$`),
    handle: (ctx) => {
      requireSelf(ctx, ctx.params[0]!);
      const id = String(ctx.state.filters.size + 1);
      ctx.state.filters.set(id, ctx.body);
      return { filter_id: id };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/user/${seg}/filter/${seg}$`),
    handle: (ctx) => {
      const filter = ctx.state.filters.get(ctx.params[1]!);
      if (!filter) throw new MatrixHttpError(404, "M_NOT_FOUND", "No such filter");
      return filter;
    },
  },
  {
    method: "GET",
    pattern: /^\/joined_rooms$/,
    handle: ({ state, session }) => ({ joined_rooms: state.joinedRooms(session.userId) }),
  },
  { method: "GET", pattern: /^\/sync$/, handle: sync },
  {
    method: "POST",
    pattern: new RegExp(`^/(?:join|rooms/${seg}/join)(?:/${seg})?$`),
    handle: (ctx) => {
      const roomId = ctx.params[0] ?? ctx.params[1]!;
      ctx.state.join(roomId, ctx.session.userId);
      return { room_id: roomId };
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^/rooms/${seg}/leave$`),
    handle: (ctx) => {
      ctx.state.leave(ctx.params[0]!, ctx.session.userId);
      return {};
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^/rooms/${seg}/invite$`),
    handle: (ctx) => {
      const invitee = ctx.body.user_id;
      if (typeof invitee !== "string") throw new MatrixHttpError(400, "M_BAD_JSON", "user_id required");
      ctx.state.invite(ctx.params[0]!, ctx.session.userId, invitee);
      return {};
    },
  },
  {
    method: "POST",
    pattern: /^\/createRoom$/,
    handle: (ctx) => ({ room_id: ctx.state.createRoom(ctx.session.userId, ctx.body as CreateRoomRequest) }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^/rooms/${seg}/joined_members$`),
    handle: (ctx) => {
      const room = ctx.state.requireJoined(ctx.params[0]!, ctx.session.userId);
      const joined: Record<string, object> = {};
      for (const userId of room.membersWith("join")) {
        joined[userId] = { display_name: room.displayName(userId) ?? null, avatar_url: null };
      }
      return { joined };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/rooms/${seg}/members$`),
    handle: (ctx) => {
      const room = ctx.state.requireJoined(ctx.params[0]!, ctx.session.userId);
      return { chunk: room.currentState().filter((s) => s.event.type === "m.room.member").map((s) => s.event) };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/rooms/${seg}/state$`),
    handle: (ctx) => {
      const room = ctx.state.requireJoined(ctx.params[0]!, ctx.session.userId);
      return room.currentState().map((s) => s.event);
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/rooms/${seg}/state/${seg}(?:/${seg})?$`),
    handle: (ctx) => {
      const room = ctx.state.requireJoined(ctx.params[0]!, ctx.session.userId);
      const found = room.stateEvent(ctx.params[1]!, stateKeyParam(ctx.params[2]));
      if (!found) throw new MatrixHttpError(404, "M_NOT_FOUND", "Event not found.");
      return found.event.content;
    },
  },
  {
    method: "PUT",
    pattern: new RegExp(`^/rooms/${seg}/state/${seg}(?:/${seg})?$`),
    handle: (ctx) => {
      const roomId = ctx.params[0]!;
      ctx.state.requireJoined(roomId, ctx.session.userId);
      const event = ctx.state.appendEvent(
        roomId,
        ctx.session.userId,
        ctx.params[1]!,
        ctx.body,
        stateKeyParam(ctx.params[2]),
      );
      return { event_id: event.event_id };
    },
  },
  {
    method: "PUT",
    pattern: new RegExp(`^/rooms/${seg}/send/${seg}/${seg}$`),
    handle: (ctx) => ({
      event_id: ctx.state.sendEvent(ctx.session, ctx.params[0]!, ctx.params[1]!, ctx.params[2]!, ctx.body),
    }),
  },
  {
    method: "PUT",
    pattern: new RegExp(`^/rooms/${seg}/redact/${seg}/${seg}$`),
    handle: (ctx) => {
      const [roomId, eventId, txnId] = ctx.params as [string, string, string];
      const target = ctx.state.requireJoined(roomId, ctx.session.userId).findEvent(eventId);
      if (!target) throw new MatrixHttpError(404, "M_NOT_FOUND", "Event not found.");
      const redactionId = ctx.state.sendEvent(ctx.session, roomId, "m.room.redaction", txnId, {
        redacts: eventId,
        ...ctx.body,
      });
      target.event.content = {};
      target.event.unsigned = { ...target.event.unsigned, redacted_because: { event_id: redactionId } };
      return { event_id: redactionId };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/rooms/${seg}/event/${seg}$`),
    handle: (ctx) => {
      const found = ctx.state.requireJoined(ctx.params[0]!, ctx.session.userId).findEvent(ctx.params[1]!);
      if (!found) throw new MatrixHttpError(404, "M_NOT_FOUND", "Event not found.");
      return found.event;
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/profile/${seg}(?:/(displayname))?$`),
    handle: (ctx) => {
      const user = ctx.state.users.get(ctx.params[0]!);
      if (!user) throw new MatrixHttpError(404, "M_NOT_FOUND", "Profile not found");
      return { displayname: user.displayName };
    },
  },
];

/** GET /sync: answer at once when there is news (or on an initial sync), else long-poll up to `timeout`. */
async function sync(ctx: RouteContext): Promise<object> {
  ctx.state.openSyncs += 1;
  try {
    return await longPoll(ctx);
  } finally {
    ctx.state.openSyncs -= 1;
  }
}

async function longPoll(ctx: RouteContext): Promise<object> {
  const since = parseSince(ctx.state, ctx.query.get("since") ?? undefined);
  const timeoutMs = Math.min(Number(ctx.query.get("timeout") ?? 0) || 0, 60000);
  const deadline = Date.now() + timeoutMs;
  let closed = false;
  void ctx.closing.then(() => {
    closed = true;
  });
  for (;;) {
    const answer = buildSync(ctx.state, ctx.session, since);
    if (answer) return answer;
    const left = deadline - Date.now();
    if (left <= 0 || closed) {
      return emptySync(ctx.state, ctx.session, since);
    }
    await Promise.race([ctx.state.waitForChange(left), ctx.closing]);
  }
}

function emptySync(state: ServerState, session: Session, since: number | undefined): object {
  return {
    next_batch: sinceToken(state),
    rooms: { join: {}, invite: {}, leave: {} },
    account_data: { events: [] },
    ...cryptoSync(state, session, since).sections,
  };
}
