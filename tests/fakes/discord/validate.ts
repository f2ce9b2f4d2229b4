/**
 * The message-body checks Discord applies (content length, components shape, custom_id length),
 * answering 400 with code 50035 "Invalid Form Body" like the real API.
 */

/** A REST answer: status, JSON body (or none) and extra headers. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Discord's JSON error answer. */
export function apiError(status: number, code: number, message: string): Answer {
  return { status, body: { message, code } };
}

const invalid = (why: string): Answer => ({
  status: 400,
  body: { message: "Invalid Form Body", code: 50035, errors: { _errors: [{ code: "BASE_TYPE_INVALID", message: why }] } },
});

/** Null when `body` is an acceptable message payload, else the 400 answer. */
export function checkMessageBody(body: Record<string, unknown>, requireSomething = true): Answer | null {
  const content = body.content;
  if (content !== undefined && content !== null && typeof content !== "string") return invalid("content");
  if (typeof content === "string" && content.length > 2000) return invalid("content longer than 2000");
  const components = body.components;
  if (components !== undefined && components !== null) {
    if (!Array.isArray(components) || components.length > 5) return invalid("components");
    for (const row of components as Record<string, unknown>[]) {
      const buttons = row.components;
      if (row.type !== 1 || !Array.isArray(buttons) || buttons.length < 1 || buttons.length > 5) return invalid("row");
      for (const b of buttons as Record<string, unknown>[]) {
        if (b.type !== 2) return invalid("component type");
        if (typeof b.label !== "string" || b.label.length > 80) return invalid("label");
        if (b.style !== 5 && (typeof b.custom_id !== "string" || b.custom_id.length < 1 || b.custom_id.length > 100))
          return invalid("custom_id");
      }
    }
  }
  const hasContent = typeof content === "string" && content.length > 0;
  const hasComponents = Array.isArray(components) && components.length > 0;
  if (requireSomething && !hasContent && !hasComponents) return apiError(400, 50006, "Cannot send an empty message");
  return null;
}
