import type { Token } from "../core/commands/grammar.js";
import { UserError } from "../core/context.js";
import type { Lang } from "../core/i18n/catalog.js";
import { truncate } from "../core/text.js";
import { MAX_BLOCKS } from "./import.js";
import { BLOCK_CODE, type BlockInput, MAX_LABEL } from "./model.js";

/**
 * The blocks a lead lists in chat after `/canvass blocks ID`. Labels are optional: an unquoted word
 * is a block id, a quoted text is the label of the block before it (`B1 "Main St 100-200" B2 B3`).
 * A single number alone makes that many blocks, B1 to BN (`/canvass blocks 1 12`; C1 to CN, for
 * cuadra, in Spanish), after any the canvass has. Every problem names the item it is about.
 */

/** One item as typed: its text, and whether it was in quotes (a label). */
export interface BlockItem {
  text: string;
  quoted: boolean;
}

/** The items after the canvass number, keeping which were quoted. */
export function blockItems(tokens: readonly Token[]): BlockItem[] {
  return tokens.map((tk) => ({ text: tk.text, quoted: tk.quoted }));
}

/** The letter of numbered blocks: B for block, C for cuadra. */
const NUMBERED_PREFIX: Record<Lang, string> = { en: "B", es: "C" };

/** `count` numbered blocks (`B1`..`BN`), skipping codes the canvass already has (`existing` is upper case). */
function numbered(count: number, existing: ReadonlySet<string>, lang: Lang): BlockInput[] {
  const prefix = NUMBERED_PREFIX[lang];
  const blocks: BlockInput[] = [];
  for (let n = 1; blocks.length < count; n++) {
    const code = `${prefix}${n}`;
    if (!existing.has(code)) blocks.push({ code, label: null, polygon: null });
  }
  return blocks;
}

/** Read the listed blocks, refusing bad ids, labels without a block, duplicates and too many. */
export function readBlockList(items: readonly BlockItem[], existing: ReadonlySet<string>, lang: Lang): BlockInput[] {
  const only = items.length === 1 ? items[0]! : null;
  let blocks: BlockInput[];
  if (only && !only.quoted && /^\d{1,4}$/.test(only.text)) {
    const count = Number(only.text);
    if (count < 1 || count + existing.size > MAX_BLOCKS) throw new UserError("canvass.tooManyBlocks", { max: MAX_BLOCKS });
    blocks = numbered(count, existing, lang);
  } else {
    blocks = [];
    for (const item of items) {
      const previous = blocks[blocks.length - 1];
      if (item.quoted) {
        if (!previous || previous.label !== null) throw new UserError("canvass.labelWithoutBlock", { item: truncate(item.text, 30) });
        const label = item.text.trim();
        if (label === "" || [...label].length > MAX_LABEL) throw new UserError("canvass.badLabel", { block: previous.code, max: MAX_LABEL });
        previous.label = label;
        continue;
      }
      if (!BLOCK_CODE.test(item.text)) throw new UserError("canvass.badBlockId", { block: truncate(item.text, 30) });
      blocks.push({ code: item.text, label: null, polygon: null });
    }
  }
  const seen = new Set<string>();
  for (const block of blocks) {
    const folded = block.code.toUpperCase();
    if (existing.has(folded) || seen.has(folded)) throw new UserError("canvass.duplicateBlock", { block: block.code });
    seen.add(folded);
  }
  if (blocks.length === 0) throw new UserError("canvass.labelWithoutBlock", { item: truncate(items[0]?.text ?? "", 30) });
  if (blocks.length + existing.size > MAX_BLOCKS) throw new UserError("canvass.tooManyBlocks", { max: MAX_BLOCKS });
  return blocks;
}
