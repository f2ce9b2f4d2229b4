import type { ChatRef } from "./refs.js";

/** The port: the command menu platforms draw natively, and the suggestions they ask for as a member types. */

/**
 * One typed parameter of a command, as declared in the core, for platforms that render parameters
 * natively (Discord option types, user pickers, choices). The command still receives one line of
 * argument text: an adapter puts the values back in declaration order (quoting where needed).
 */
export interface CommandMenuParam {
  /** Declared name, e.g. `shift`, `capacity`, `note`: lower-case ASCII. */
  name: string;
  /** `member` names a person; `when` is date-time text; `duration` e.g. `2h`; `text` free text. */
  kind: "member" | "number" | "choice" | "when" | "duration" | "text";
  /** Usage label in each language, e.g. `CAPACITY` / `CAPACIDAD`. */
  label: { en: string; es: string };
  optional: boolean;
  /** Takes the rest of the line (a note, a reason): its value may hold several words, passed as typed. */
  rest: boolean;
  /** Written `name=value` anywhere on the line (`area=…`), rather than in its place. */
  named: boolean;
  /** Numbers: smallest and largest value. Texts: shortest and longest length. Durations: minutes. */
  min?: number;
  max?: number;
  /** The fixed values of a `choice`, each with its word in each language. */
  choices?: { value: string; label: { en: string; es: string } }[];
  /** The core can suggest values while the member types (`AdapterHost.suggest`): shift numbers, canvass ids. */
  autocomplete?: boolean;
}

/** A member is typing a parameter the core suggests values for (Discord autocomplete). */
export interface SuggestQuery {
  chat: ChatRef;
  /** A one-to-one chat with the bot (suggestions in a plain channel show no exact places). */
  isDirect: boolean;
  /** The command's words, `shift cancel` or `signup`. */
  command: string;
  /** The declared parameter being typed, e.g. `shift`. */
  param: string;
  /** What has been typed so far. */
  typed: string;
  /** The member's client language, when the platform says it. */
  locale?: string;
  /**
   * Who is typing (their platform id, and roles the platform vouches for): suggestions for a command
   * they may not run are none. Absent: only commands anyone may run get suggestions.
   */
  author?: { id: string; roles?: string[] };
  /** Values already filled in the command's other parameters (a block's canvass), by declared name. */
  given?: Record<string, string>;
}

/** One suggested value and what it is, e.g. `#3 Sat 5 Dec, 10:00 · Eastside church`. */
export interface Suggestion {
  value: string;
  label: string;
}

/** One command of the core's registry, in the shape platform menus need (Telegram, Discord). */
export interface CommandMenuEntry {
  /** Command word, e.g. `signup` or `shift`. */
  name: string;
  description: { en: string; es: string };
  /** The Spanish alias of the command word, where there is one. */
  esName?: string;
  /** Sub-commands, for platforms that nest them (Discord). */
  subcommands?: { name: string; description: { en: string; es: string }; usage: string; esName?: string; params?: CommandMenuParam[] }[];
  usage: string;
  /** A command without sub-commands: its typed parameters. */
  params?: CommandMenuParam[];
}
