import { type CommandContext, PLATFORM_NAMES, UserError } from "../context.js";
import type { Lang } from "../i18n/catalog.js";
import type { Person } from "../people.js";
import type { Button, NamedPerson } from "../port.js";
import { formatWhenInSentence } from "../time.js";

/**
 * Whom a command is about (a role, a canvass block). The member is taken from what the platform
 * vouches for: a mention, a user picker, a pill, a reply, a user id. A bare display name, which
 * anyone can set, is only a guess: it is accepted when exactly one member has it, and then the
 * asker must confirm after seeing who it is (see `confirmationText`).
 */

/** `#NETWORK.PERSON`: a person the asker was shown and confirms, as a confirm button's payload carries it. */
export const CONFIRMED_MEMBER = /^#(\d{1,12})\.(\d{1,12})$/;

/**
 * `!PLATFORM-ID`: a member the platform named (a mention, a reply) in a command the bot answered with
 * buttons; the press carries no mention, so the bot's own payload names them. Honoured only from a
 * button (whose payload the bot minted and signed), never from typed text.
 */
export const VOUCHED_MEMBER = /^!(\S{1,100})$/;

/** The outcome: a member the platform (or a confirmation) named, or the one member with a typed name, to confirm. */
export type MemberTarget = { kind: "member"; person: Person } | { kind: "byName"; person: Person };

/**
 * The member the platform names, made a member of the network when `create` (they may never have
 * spoken: the platform vouches for who they are). Rolled back with the command if it fails.
 */
function platformNamed(ctx: CommandContext, named: NamedPerson, create: boolean): Person {
  const { people } = ctx.services;
  const known = people.find(ctx.chat.platform, named.id);
  if (known && people.isMember(ctx.net.id, known.id)) return known;
  if (!create) throw new UserError("role.unknownMember", { who: named.displayName });
  const person = known ?? people.upsert(ctx.chat.platform, { id: named.id, displayName: named.displayName, isBot: false }, null);
  people.touchMembership(ctx.net.id, person.id, ctx.now);
  return person;
}

/**
 * Find the member `who` (what was typed, if anything) names. `create`: someone the platform names
 * may be added as a member. Throws a UserError for nobody, for several, or for a confirmation meant
 * for another network.
 */
export function resolveMemberTarget(ctx: CommandContext, who: string | undefined, opts: { create: boolean }): MemberTarget {
  const { people } = ctx.services;
  const event = ctx.event;
  const mentions = event.kind === "command" ? (event.mentions ?? []) : [];
  if (mentions.length > 1) throw new UserError("role.oneMention");
  if (mentions.length === 1) return { kind: "member", person: platformNamed(ctx, mentions[0]!, opts.create) };
  if (who === undefined) {
    const repliedTo = event.kind === "command" ? event.repliedTo : undefined;
    if (!repliedTo) throw new UserError("role.whoMissing");
    return { kind: "member", person: platformNamed(ctx, repliedTo, opts.create) };
  }
  const vouched = event.kind === "action" ? VOUCHED_MEMBER.exec(who) : null;
  if (vouched) return { kind: "member", person: platformNamed(ctx, { id: vouched[1]!, displayName: vouched[1]! }, opts.create) };
  const confirmed = CONFIRMED_MEMBER.exec(who);
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
  // Naming oneself needs no confirmation: the one member with that name is the one asking.
  if (named[0]!.id === ctx.person.id) return { kind: "member", person: named[0]! };
  return { kind: "byName", person: named[0]! };
}

/** The `#NETWORK.PERSON` reference a confirmation carries for `person`. */
export function confirmedRef(ctx: CommandContext, person: Person): string {
  return `#${ctx.net.id}.${person.id}`;
}

/** What identifies the one member with a typed name: shown to the asker, privately, before they confirm. */
export function identityParams(ctx: CommandContext, person: Person, lang: Lang): Record<string, string> {
  const since = ctx.services.people.memberSince(ctx.net.id, person.id) ?? ctx.now;
  return {
    member: person.displayName,
    platform: PLATFORM_NAMES[person.platform],
    id: person.userId,
    since: formatWhenInSentence(since, ctx.net.tz, lang, ctx.now),
  };
}

/**
 * Ask the asker, privately (an account id is for them alone, even in an encrypted room), to confirm
 * the member a bare name found: `render` gives the text in a language and the confirm button.
 */
export function askToConfirmMember(ctx: CommandContext, render: (lang: Lang) => { text: string; button: Button }): void {
  ctx.replyToAsker((lang) => {
    const { text, button } = render(lang);
    return { text, buttons: [button] };
  });
}
