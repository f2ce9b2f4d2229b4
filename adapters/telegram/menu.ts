import type { BotCommand } from "grammy/types";
import type { CommandMenuEntry } from "../../src/core/port.js";
import { truncate } from "./callback-answers.js";

/** Telegram accepts only these command names in a menu. */
export const MENU_NAME = /^[a-z0-9_]{1,32}$/;
const MAX_DESCRIPTION = 256;
/** Telegram keeps at most 100 commands per scope and language. */
const MAX_COMMANDS = 100;

/** The menus to publish: English (no language_code) and Spanish ("es"), plus names left out. */
export interface Menus {
  en: BotCommand[];
  es: BotCommand[];
  skipped: string[];
}

/**
 * The core's command registry as Telegram menus. Spanish uses `esName` where given. Names Telegram
 * would refuse (capitals, hyphens, too long) are left out and listed in `skipped`, so one bad
 * name does not make Telegram reject the whole menu.
 */
export function buildMenus(entries: readonly CommandMenuEntry[]): Menus {
  const skipped: string[] = [];
  const add = (list: BotCommand[], name: string, description: string) => {
    if (!MENU_NAME.test(name)) {
      skipped.push(name);
      return;
    }
    if (list.some((c) => c.command === name) || list.length >= MAX_COMMANDS) return;
    const text = description.trim() === "" ? name : description.trim();
    list.push({ command: name, description: truncate(text, MAX_DESCRIPTION) });
  };
  const en: BotCommand[] = [];
  const es: BotCommand[] = [];
  for (const entry of entries) {
    add(en, entry.name, entry.description.en);
    add(es, entry.esName ?? entry.name, entry.description.es);
  }
  return { en, es, skipped };
}

/** Scopes the menu is set for, so it shows in groups and private chats alike. */
export const MENU_SCOPES = ["default", "all_group_chats", "all_private_chats"] as const;
