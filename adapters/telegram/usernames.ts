import type { User } from "grammy/types";

/** How many usernames the adapter remembers; the least recently seen are forgotten first. */
const KEPT = 5000;

/**
 * Telegram sends a typed `@username` mention without the user's id. The adapter remembers, in memory
 * only, the username of each person whose messages it sees, so a mention of someone it has seen can
 * name their account. A username that moved to another account points to whoever showed it last; a
 * username the adapter has not seen names no one (the core then treats it as a typed name).
 */
export class UsernameBook {
  private readonly byName = new Map<string, User>();
  private readonly nameOf = new Map<number, string>();

  /** Remember `user`'s current username, dropping the one they had before. */
  learn(user: User | undefined): void {
    if (!user || user.is_bot) return;
    const before = this.nameOf.get(user.id);
    if (before !== undefined) this.byName.delete(before);
    if (!user.username) {
      this.nameOf.delete(user.id);
      return;
    }
    const name = user.username.toLowerCase();
    const holder = this.byName.get(name);
    if (holder && holder.id !== user.id) this.nameOf.delete(holder.id);
    this.byName.delete(name);
    this.byName.set(name, user);
    this.nameOf.set(user.id, name);
    while (this.byName.size > KEPT) {
      const [oldest, who] = this.byName.entries().next().value as [string, User];
      this.byName.delete(oldest);
      this.nameOf.delete(who.id);
    }
  }

  /** The account last seen with `username` (without the `@`, any case), if any. */
  lookup(username: string): User | undefined {
    return this.byName.get(username.toLowerCase());
  }
}
