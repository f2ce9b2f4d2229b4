import type { ActionEvent, ChatRef, CommandEvent, NamedPerson } from "../../src/core/port.js";

/**
 * Pure translation between Matrix event payloads and the port's shapes: command text out of an
 * m.room.message, and m.notice content out of an Outbound. No I/O, no SDK calls.
 */

/** Who the bot is and how it is addressed in one room. */
export interface Addressing {
  botUserId: string;
  /** The bot's display name in this room (what a pill shows), if known. */
  botDisplayName?: string;
  /** Command prefix, e.g. `!pl`. */
  prefix: string;
  /** In a direct room every text is for the bot, so no prefix is needed. */
  isDirect: boolean;
}

/** A command word and the rest of the line, as typed. */
export interface ParsedCommand {
  name: string;
  args: string;
}

/** Longest text the bot reads as a command; anything longer is skipped as abuse or a paste. */
export const MAX_COMMAND_CHARS = 8000;

type Content = Record<string, unknown>;

/** The command a person addressed to the bot in this message content, or undefined if none. */
export function commandFromContent(content: Content, addressing: Addressing): ParsedCommand | undefined {
  if (content.msgtype !== "m.text" || typeof content.body !== "string") return undefined;
  if (relation(content)?.rel_type === "m.replace") return undefined; // edits are not new commands
  if (content.body.length > MAX_COMMAND_CHARS) return undefined;
  const body = relation(content)?.["m.in_reply_to"] ? stripReplyFallback(content.body) : content.body;
  const text = addressedText(body, content, addressing);
  return text === undefined ? undefined : splitCommand(text);
}

/** The text after the prefix or the mention of the bot, or undefined when the bot is not addressed. */
export function addressedText(body: string, content: Content, a: Addressing): string | undefined {
  const trimmed = body.trimStart();
  const afterPrefix = stripWord(trimmed, a.prefix, true);
  if (afterPrefix !== undefined) return afterPrefix;
  const afterId = stripName(trimmed, a.botUserId);
  if (afterId !== undefined) return afterId;
  const pillText = pillDisplayText(content, a.botUserId);
  if (pillText !== undefined) {
    const afterPill = stripName(trimmed, pillText);
    if (afterPill !== undefined) return afterPill;
  }
  if (a.botDisplayName && mentionsUser(content, a.botUserId)) {
    const afterName = stripName(trimmed, a.botDisplayName);
    if (afterName !== undefined) return afterName;
  }
  return a.isDirect ? trimmed : undefined;
}

/** Split `shift new 9am` into `shift` and `new 9am`; an empty text is a request for help. */
export function splitCommand(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (trimmed === "") return { name: "help", args: "" };
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  return { name: match?.[1] ?? trimmed, args: match?.[2] ?? "" };
}

/** `text` without a leading `word` followed by whitespace or the end; undefined if it does not start so. */
function stripWord(text: string, word: string, ignoreCase: boolean): string | undefined {
  const head = text.slice(0, word.length);
  const same = ignoreCase ? head.toLowerCase() === word.toLowerCase() : head === word;
  if (!same) return undefined;
  const rest = text.slice(word.length);
  if (rest !== "" && !/^\s/.test(rest)) return undefined;
  return rest.trimStart();
}

/** `text` without a leading name followed by `:`/`,` or whitespace (how clients address someone). */
function stripName(text: string, name: string): string | undefined {
  if (name === "" || !text.startsWith(name)) return undefined;
  const rest = text.slice(name.length);
  const match = /^(?:[:,]\s*|\s+|$)/.exec(rest);
  return match ? rest.slice(match[0].length) : undefined;
}

/** The visible text of a leading pill (a matrix.to link) for `userId` in the HTML body, if any. */
function pillDisplayText(content: Content, userId: string): string | undefined {
  if (content.format !== "org.matrix.custom.html" || typeof content.formatted_body !== "string") return undefined;
  const match = /^\s*<a\s+href="https:\/\/matrix\.to\/#\/([^"?]+)[^"]*">([^<]*)<\/a>/i.exec(content.formatted_body);
  if (!match) return undefined;
  let target: string;
  try {
    target = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  return target === userId ? decodeEntities(match[2]!) : undefined;
}

function mentionsUser(content: Content, userId: string): boolean {
  const mentions = content["m.mentions"];
  if (!mentions || typeof mentions !== "object") return false;
  const ids = (mentions as { user_ids?: unknown }).user_ids;
  return Array.isArray(ids) && ids.includes(userId);
}

function relation(content: Content): Record<string, unknown> | undefined {
  const rel = content["m.relates_to"];
  return rel && typeof rel === "object" ? (rel as Record<string, unknown>) : undefined;
}

/** Remove the quoted `> ...` lines older clients put before a reply's own text. */
export function stripReplyFallback(body: string): string {
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith(">")) i += 1;
  if (i === 0) return body;
  if (lines[i] === "") i += 1;
  return lines.slice(i).join("\n");
}

/** Escape text for an HTML formatted_body: every markup character, newlines as `<br>`. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
    .replace(/\r?\n/g, "<br>");
}

function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** A numbered stand-in for a button: the person types `<prefix> <number>` to press it. */
export interface NumberedChoice {
  number: number;
  label: string;
}

/**
 * m.notice content for the bot's text: plain body plus escaped HTML, the numbered choices appended
 * one per line (`!pl 1 · Sign up`, language-neutral), and a reply relation when `replyTo` is set.
 */
export function noticeContent(
  text: string,
  options: { choices?: NumberedChoice[]; prefix: string; replyTo?: string },
): Content {
  const choices = options.choices ?? [];
  const plainChoices = choices.map((c) => `${options.prefix} ${c.number} · ${c.label}`);
  const htmlChoices = choices.map((c) => `<code>${escapeHtml(`${options.prefix} ${c.number}`)}</code> · ${escapeHtml(c.label)}`);
  const body = plainChoices.length ? `${text}\n\n${plainChoices.join("\n")}` : text;
  const html = htmlChoices.length ? `${escapeHtml(text)}<br><br>${htmlChoices.join("<br>")}` : escapeHtml(text);
  const content: Content = { msgtype: "m.notice", body, format: "org.matrix.custom.html", formatted_body: html };
  if (options.replyTo) content["m.relates_to"] = { "m.in_reply_to": { event_id: options.replyTo } };
  return content;
}

/** Content replacing an earlier message of the bot (m.replace), for edits. */
export function editContent(original: string, replacement: Content): Content {
  const { "m.relates_to": _dropped, ...newContent } = replacement;
  return {
    msgtype: newContent.msgtype,
    body: `* ${String(newContent.body)}`,
    "m.new_content": newContent,
    "m.relates_to": { rel_type: "m.replace", event_id: original },
  };
}

/** A choice number typed after the prefix (`1` in `!pl 1`), or undefined if the command is not one. */
export function choiceNumber(command: ParsedCommand): number | undefined {
  if (command.args !== "" || !/^\d{1,3}$/.test(command.name)) return undefined;
  return Number(command.name);
}

/** The local part of a Matrix user id (`alice` of `@alice:example.org`), as a fallback name. */
export function localpart(userId: string): string {
  const colon = userId.indexOf(":");
  return userId.slice(userId.startsWith("@") ? 1 : 0, colon > 0 ? colon : undefined);
}

/** What turning a message into a ChatEvent needs to know about its room. */
export interface MessageContext {
  chat: ChatRef;
  roomId: string;
  addressing: Addressing;
  /** The sender's display name in the room, if known. */
  senderName?: string;
  /** What a typed choice number stands for in this room, if remembered. */
  choice(n: number): { action: string; payload: string; messageId?: string } | undefined;
}

/** An m.room.message event from a person as a command or a pressed choice; undefined if not for the bot. */
export function messageToChatEvent(
  event: { sender: string; event_id: string; content: Content },
  ctx: MessageContext,
): CommandEvent | ActionEvent | undefined {
  const command = commandFromContent(event.content, ctx.addressing);
  if (!command) return undefined;
  const author = { id: event.sender, displayName: ctx.senderName ?? localpart(event.sender), isBot: false };
  // An event id is unique in the room and the same when a sync hands the event out again.
  const base = { chat: ctx.chat, author, isDirect: ctx.addressing.isDirect, interactionId: event.event_id, eventId: event.event_id };
  const n = choiceNumber(command);
  const chosen = n === undefined ? undefined : ctx.choice(n);
  if (chosen) {
    return {
      kind: "action",
      ...base,
      action: chosen.action,
      payload: chosen.payload,
      ...(chosen.messageId ? { messageId: chosen.messageId } : {}),
    };
  }
  const mentions = mentionsIn(event.content, command.args, ctx.addressing.botUserId);
  return { kind: "command", ...base, name: command.name, args: command.args, ...(mentions.length > 0 ? { mentions } : {}) };
}

/** A Matrix user id, `@localpart:server` (server with an optional port). */
const USER_ID = /@[a-z0-9._=\-/+]+:[a-z0-9.-]+(?::\d{1,5})?/gi;
/** A pill in formatted_body: `<a href="https://matrix.to/#/@bea:example.org">Bea</a>`. */
const PILL = /<a\s[^>]*href="https:\/\/matrix\.to\/#\/([^"?/]+)[^"]*"[^>]*>([^<]*)<\/a>/gi;

/**
 * People a command names by Matrix user id: ids and matrix.to links in its arguments, and pills in
 * formatted_body (whose body shows only the pill's text), in order, once each, never the bot. The
 * reply fallback (`<mx-reply>`) is left out: it names the replied-to author, not whom the command is about.
 */
export function mentionsIn(content: Content, args: string, botUserId: string): NamedPerson[] {
  const found = new Map<string, NamedPerson>();
  const add = (id: string, name?: string) => {
    const decoded = safeDecode(id);
    if (decoded === botUserId || found.has(decoded) || !/^@[^:\s]+:[^\s]+$/.test(decoded)) return;
    found.set(decoded, { id: decoded, displayName: name?.trim() || localpart(decoded) });
  };
  const html = typeof content.formatted_body === "string" ? content.formatted_body.replace(/<mx-reply>[\s\S]*?<\/mx-reply>/gi, "") : "";
  for (const m of html.matchAll(PILL)) add(m[1]!, unescapeHtml(m[2]!));
  for (const m of args.matchAll(USER_ID)) add(m[0]);
  return [...found.values()];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function unescapeHtml(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}
