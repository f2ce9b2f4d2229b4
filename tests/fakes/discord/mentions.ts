/**
 * Who a message pings, as Discord works it out from the content and `allowed_mentions`: the wire
 * fields `mention_everyone`, `mentions` and `mention_roles` of the stored message. Without
 * `allowed_mentions` Discord parses every kind; a backslash before the mention makes it text.
 */
export interface Pings {
  mention_everyone: boolean;
  mentions: { id: string }[];
  mention_roles: string[];
}

export function pingsOf(content: string, allowed: unknown): Pings {
  const policy = (allowed ?? { parse: ["everyone", "users", "roles"] }) as { parse?: string[]; users?: string[]; roles?: string[] };
  const parse = new Set(policy.parse ?? []);
  const found = (re: RegExp) => [...content.matchAll(re)].map((m) => m[1]!);
  const users = found(/(?<!\\)<@!?(\d+)>/g).filter((id) => parse.has("users") || (policy.users ?? []).includes(id));
  const roles = found(/(?<!\\)<@&(\d+)>/g).filter((id) => parse.has("roles") || (policy.roles ?? []).includes(id));
  const everyone = parse.has("everyone") && /(?<!\\)@(everyone|here)/.test(content);
  return { mention_everyone: everyone, mentions: [...new Set(users)].map((id) => ({ id })), mention_roles: [...new Set(roles)] };
}
