import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
// The oxc parser that vite's bundler ships: TypeScript 7 has no JavaScript API to parse with.
import { parseSync } from "rolldown/utils";
import { describe, expect, it } from "vitest";

/**
 * Fails on user-facing text written in code instead of the catalogs: a string literal with words
 * passed to a function that sends or replies, or given as an outgoing message's text, caption,
 * button label or picture description. Everything a member reads must come from a catalog, in
 * their language. The allowlist below is short, and each entry says why.
 */

const ROOT = join(import.meta.dirname, "..", "..");

/** Calls whose arguments reach a chat. */
const SENDING_CALLS = new Set([
  "reply", "replyToAsker", "replyToAuthor", "replyPrivately", "sendDirect", "send", "sendMessage", "post", "answer",
  "refuse", "editMessage", "edit", "notify", "broadcast",
]);
/** Properties of an outgoing message or button that members read. */
const SHOWN_PROPERTIES = new Set(["text", "caption", "label", "alt", "title"]);

/** Text a person can read: at least two words of letters. */
const WORDS = /\p{L}{2,}[\p{P}\s]*\s[\p{P}\s]*\p{L}{2,}/u;

/** `file: literal` pairs allowed, with the reason. */
const ALLOWED: Record<string, string> = {
  // The all-clear's signed payload: the canonical text the signature covers, never shown as is
  // (members see alert.bcAllclearHeader / alert.bcAllclearText in their language).
  "src/alerts/commands/manage.ts: ALL CLEAR": "signed canonical payload, not shown",
};

/** Files whose texts are for the operator at the server, not for members (English, in the log). */
const OPERATOR_FILES: Record<string, string> = {
  // Its `refuse()` builds the FatalError that stops the server when the database is unsafe to open.
  "src/store/generation.ts": "start-up errors for the operator",
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") out.push(...sourceFiles(path));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && entry.name !== "messages.ts" && entry.name !== "core-messages.ts") {
      out.push(path);
    }
  }
  return out;
}

/** A node of the ESTree-shaped AST oxc returns; only the fields read here. */
interface AstNode {
  type: string;
  [field: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** The literal text of a string or template (its fixed parts), or undefined for anything else. */
function literalText(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral") return (node.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join("");
  if (node.type === "ConditionalExpression") return [literalText(node.consequent), literalText(node.alternate)].filter(Boolean).join(" | ") || undefined;
  return undefined;
}

function calleeName(call: AstNode): string | undefined {
  const callee = call.callee;
  if (!isNode(callee)) return undefined;
  if (callee.type === "Identifier") return callee.name as string;
  if (callee.type === "MemberExpression" && isNode(callee.property) && callee.property.type === "Identifier") return callee.property.name as string;
  return undefined;
}

/** Every hard-coded user-facing literal in `file`, as `file: text`. */
function findings(file: string): string[] {
  return findingsIn(relative(ROOT, file).split("\\").join("/"), readFileSync(file, "utf8"));
}

/** Every hard-coded user-facing literal in the TypeScript `code` of file `name`, as `name: text`. */
function findingsIn(name: string, code: string): string[] {
  const { program, errors } = parseSync(name, code);
  if (errors.length > 0) throw new Error(`${name} does not parse: ${errors[0]!.message}`);
  const found: string[] = [];
  const check = (node: unknown) => {
    const text = literalText(node);
    if (text !== undefined && WORDS.test(text)) found.push(`${name}: ${text.trim()}`);
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isNode(node)) return;
    if (node.type === "CallExpression" && SENDING_CALLS.has(calleeName(node) ?? "")) (node.arguments as unknown[]).forEach(check);
    if (node.type === "Property" && isNode(node.key) && node.key.type === "Identifier" && SHOWN_PROPERTIES.has(node.key.name as string)) check(node.value);
    for (const [field, child] of Object.entries(node)) if (field !== "type") visit(child);
  };
  visit(program);
  return found;
}

describe("user-facing text lives in the catalogs", () => {
  const files = [...sourceFiles(join(ROOT, "src")), ...sourceFiles(join(ROOT, "adapters"))];

  it("scans the core, the jobs and every adapter", () => {
    expect(files.some((f) => f.includes(join("adapters", "telegram")))).toBe(true);
    expect(files.length).toBeGreaterThan(50);
  });

  it("has no hard-coded sentence sent to a chat outside the catalogs", () => {
    const found = files
    .flatMap(findings)
    .filter((f) => !(f in ALLOWED) && !Object.keys(OPERATOR_FILES).some((file) => f.startsWith(`${file}: `)));
    expect(found).toEqual([]);
  });

  it("detects one when it is there, and leaves catalog keys alone", () => {
    const code = [
      'ctx.reply("Your shift is confirmed");',
      `const m = { text: \`Hi \${name}, welcome\` };`,
      'ctx.reply(ctx.t("shift.confirmed"));',
      'buttons.push({ label: t(lang, "role.confirmButton"), action: "role.grant" });',
    ].join("\n");
    expect(findingsIn("probe.ts", code)).toEqual(["probe.ts: Your shift is confirmed", "probe.ts: Hi , welcome"]);
  });
});
