/**
 * The one need-to-know rule: what a chat may see. Every job asks here before it shows something
 * that could point an adversary at a person or a door; nothing else decides it.
 *
 * Two questions, kept apart because they fail differently:
 * - **Where** (`isPrivateChannel`): a plain group (a Telegram group, a Discord channel, an
 *   unencrypted Matrix room) is read by the platform and by anyone who got into the chat. Only a
 *   direct chat, an end-to-end encrypted room or an ephemeral reply (shown to its author alone) is
 *   private enough for an exact place, a note or a person's name.
 * - **Who** (`mayKnow`): some things are for certain roles wherever they are read: the member list
 *   with roles is for admins; who the verifiers are is never told to members; the leads' names are
 *   for members only when the network chose to allow it.
 *
 * A plain group sees ids, counts, states and the public label a lead chose; the rest goes privately.
 */
import type { GrantedRole } from "./auth.js";

/** What a message may carry, by how much it gives away. */
export type Sensitive =
  /** An exact place (a shift's address, a canvass scene, a block's label) or a note that goes with it. */
  | "place"
  /** Who did something: who signed up, was assigned, reported, voted. */
  | "person"
  /** The network's members with their roles. */
  | "memberList"
  /** Who the verifiers are. */
  | "verifiers"
  /** Who the leads are. */
  | "leads";

/** A chat as the rule sees it. */
export interface Channel {
  /** A one-to-one chat between the person and the bot. */
  isDirect: boolean;
  /** The platform encrypts this chat end to end. */
  e2ee: boolean;
  /** The answer can be shown to its author alone (a Discord ephemeral interaction reply). */
  ephemeral?: boolean;
}

/** What a network has chosen to let members see. */
export interface NetworkChoices {
  /** Members may ask for the leads' names (`/leads`); off unless an admin turned it on. */
  leadsVisible: boolean;
}

/** Whether a message in this channel is read only by the people it is meant for. */
export function isPrivateChannel(channel: Channel): boolean {
  return channel.isDirect || channel.e2ee || channel.ephemeral === true;
}

/** Whether someone with these roles may know this at all, wherever they would read it. */
export function mayKnow(what: Sensitive, roles: ReadonlySet<GrantedRole>, choices: NetworkChoices): boolean {
  switch (what) {
    case "place":
    case "person":
      return true;
    case "memberList":
    case "verifiers":
      return roles.has("admin");
    case "leads":
      return roles.has("admin") || roles.has("lead") || choices.leadsVisible;
  }
}

/** Whether this may be shown to this reader in this channel: both the role and the channel allow it. */
export function maySee(what: Sensitive, reader: Channel & { roles: ReadonlySet<GrantedRole> }, choices: NetworkChoices): boolean {
  return mayKnow(what, reader.roles, choices) && isPrivateChannel(reader);
}

/** How much of a place a chat may show: the exact place, or only the public label (or nothing). */
export type PlaceView = "exact" | "public";

/** The place view for a chat: exact only where the channel is private. */
export function placeView(channel: Channel): PlaceView {
  return isPrivateChannel(channel) ? "exact" : "public";
}
