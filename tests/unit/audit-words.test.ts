import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditRecord } from "../../src/core/audit.js";
import { catalogs, LANGS } from "../../src/core/i18n/catalog.js";
import { registerJobMessages } from "../../src/core/assemble.js";
import { JOBS } from "../../src/main.js";
import { auditLine } from "../../src/privacy/render.js";

// Each job names its own actions in its catalog: the app's jobs, as it registers them.
registerJobMessages(JOBS);

/**
 * `/audit` shows each action in words, never its stored key (`alert.unsure`): every action the code
 * records has a `privacy.audit.<action>` message in both languages.
 */

const SRC = join(import.meta.dirname, "..", "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every action passed to `audit()` in the code; `alert.${vote}` and `role.${action}` spelled out. */
function recordedActions(): string[] {
  const found = new Set<string>();
  for (const file of files(SRC)) {
    const code = readFileSync(file, "utf8");
    for (const m of code.matchAll(/action: "([a-z]+\.[A-Za-z.]+)"/g)) found.add(m[1]!);
    if (/action: `alert\.\$\{vote\}`/.test(code)) for (const v of ["confirm", "reject", "unsure"]) found.add(`alert.${v}`);
    if (/action: `role\.\$\{action\}`/.test(code)) for (const v of ["grant", "revoke"]) found.add(`role.${v}`);
  }
  return [...found].sort();
}

describe("the audit log in words", () => {
  const actions = recordedActions();

  it("finds the actions the code records", () => {
    expect(actions).toEqual(expect.arrayContaining(["alert.unsure", "alert.confirm", "role.grant", "shift.cancel", "network.leads"]));
  });

  it("has words for every recorded action in both languages", () => {
    const missing = LANGS.flatMap((lang) => actions.filter((a) => !Object.hasOwn(catalogs[lang], `privacy.audit.${a}`)).map((a) => `${lang}:${a}`));
    expect(missing).toEqual([]);
  });

  it("shows an unsure vote as words, with the alert it was about", () => {
    const entry: AuditRecord = { id: 1, networkId: 1, actorId: null, actorName: null, subjectPersonName: null, action: "alert.unsure", subject: "alert:3", at: Date.UTC(2026, 11, 5, 17, 0) };
    const en = auditLine("en", "America/Los_Angeles", entry, () => null);
    const es = auditLine("es", "America/Los_Angeles", entry, () => null);
    expect(en).toContain("· marked a report unsure · alert #3");
    expect(es).toContain("· marcó un reporte como dudoso · alerta #3");
    expect(`${en}${es}`).not.toContain("alert.unsure");
  });
});
