import type { GrantedRole } from "../auth.js";
import { type CommandContext, PLATFORM_NAMES, UserError } from "../context.js";
import { t } from "../i18n/catalog.js";
import type { Person } from "../people.js";
import type { NamedPerson } from "../port.js";
import { formatWhenInSentence } from "../time.js";
import type { Token } from "./grammar.js";

/**
 * Whom a role command is about. Roles decide who may verify alerts and see names, so the member is
 * taken from what the platform vouches for (a mention, a user picker, a reply, a user id); a bare
 * display name, which anyone can set, is only a guess the admin must confirm after seeing who it is.
 */

/** `#NETWORK.PERSON`: a person the admin was shown and confirms, as a confirm button's payload carries it. */
const CONFIRMED = /^#(\d{1,12})\.(\d{1,12})$/;

/** Raw arguments of `/role grant|revoke`: the member (any number of words, or none) then the role. */
export interface RoleArgs {
  who?: string;
  role: string;
}

/** Bind `/role grant Bea Smith verifier` as who = "Bea Smith", role = "verifier"; `/role grant verifier` (a reply) as role only. */
export function bindRoleArgs(tokens: Token[]): RoleArgs | null {
  const last = tokens[tokens.length - 1];
  if (!last) return null;
  const who = tokens
    .slice(0, -1)
    .map((tk) => tk.text)
    .join(" ")
    .trim();
  return who ? { who, role: last.text } : { role: last.text };
}

/** The outcome: a member to act on now, or one the admin has been asked to confirm (nothing to do yet). */
export type RoleTarget = { kind: "member"; person: Person } | { kind: "asked" };

function platformNamed(ctx: CommandContext, named: NamedPerson, create: boolean): Person {
  const { people } = ctx.services;
  const known = people.find(ctx.chat.platform, named.id);
  if (known && people.isMember(ctx.net.id, known.id)) return known;
  if (!create) throw new UserError("role.unknownMember", { who: named.displayName });
  // The platform named them, so they are who they are even if they never spoke: a person granted a
  // role is a member (and so is not purged as a stranger). Rolled back with the grant if it fails.
  const person = known ?? people.upsert(ctx.chat.platform, { id: named.id, displayName: named.displayName, isBot: false }, null);
  people.touchMembership(ctx.net.id, person.id, ctx.now);
  return person;
}

/**
 * Find the member a grant (`create`) or revoke is about. `role` is the canonical role word, for the
 * confirm button. Throws a UserError for nobody, for several, or for a confirmation meant elsewhere.
 */
export function resolveRoleTarget(ctx: CommandContext, who: string | undefined, role: GrantedRole, action: "grant" | "revoke"): RoleTarget {
  const { people } = ctx.services;
  const event = ctx.event;
  const mentions = event.kind === "command" ? (event.mentions ?? []) : [];
  if (mentions.length > 1) throw new UserError("role.oneMention");
  if (mentions.length === 1) return { kind: "member", person: platformNamed(ctx, mentions[0]!, action === "grant") };
  if (who === undefined) {
    const repliedTo = event.kind === "command" ? event.repliedTo : undefined;
    if (!repliedTo) throw new UserError("role.whoMissing");
    return { kind: "member", person: platformNamed(ctx, repliedTo, action === "grant") };
  }
  const confirmed = CONFIRMED.exec(who);
  if (confirmed) {
    if (Number(confirmed[1]) !== ctx.net.id) throw new UserError("role.confirmElsewhere");
    const person = people.byId(Number(confirmed[2]));
    if (!person || !people.isMember(ctx.net.id, person.id)) throw new UserError("role.unknownMember", { who });
    return { kind: "member", person };
  }
  // A platform user id typed out (`<@123>` as text, a Telegram id) names exactly one account.
  const byId = people.memberByUserId(ctx.net.id, ctx.chat.platform, who.replace(/^<@!?(\d+)>$/, "$1"));
  if (byId) return { kind: "member", person: byId };
  const named = people.membersNamed(ctx.net.id, who.replace(/^@/, ""));
  if (named.length === 0) throw new UserError("role.unknownMember", { who });
  // Listing the matches would name people in a chat that may not be encrypted.
  if (named.length > 1) throw new UserError("role.ambiguous", { who, count: named.length });
  // An admin naming themself needs no confirmation: the one member with that name is the one asking.
  if (named[0]!.id === ctx.person.id) return { kind: "member", person: named[0]! };
  askToConfirm(ctx, who, named[0]!, role, action);
  return { kind: "asked" };
}

/**
 * Show the admin, privately, the one member who has the name they typed (platform, id, first seen)
 * with a Confirm button; the group sees only that details went privately.
 */
function askToConfirm(ctx: CommandContext, who: string, person: Person, role: GrantedRole, action: "grant" | "revoke"): void {
  const ref = `#${ctx.net.id}.${person.id}`;
  const since = ctx.services.people.memberSince(ctx.net.id, person.id) ?? ctx.now;
  // The confirm line in the reader's words (`/rol dar #1.2 verificación`); the button keeps the canonical ones.
  const spec = ctx.services.registry.byId(`role.${action}`);
  const words = (lang: string) => (lang === "es" && spec?.esWords ? spec.esWords : (spec?.words ?? ["role", action]));
  // An account id is for the asking admin alone, even in an encrypted room.
  ctx.replyToAsker((lang) => ({
    text: t(lang, action === "grant" ? "role.confirmGrant" : "role.confirmRevoke", {
      who,
      member: person.displayName,
      platform: PLATFORM_NAMES[person.platform],
      id: person.userId,
      since: formatWhenInSentence(since, ctx.net.tz, lang, ctx.now),
      role: t(lang, `role.${role}`),
      command: `/${words(lang).join(" ")} ${ref} ${lang === "es" ? t(lang, `role.${role}`) : role}`,
    }),
    buttons: [{ label: t(lang, "role.confirmButton"), action: `role.${action}`, payload: `${ref} ${role}` }],
  }));
}
