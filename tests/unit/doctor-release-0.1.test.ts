import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterEach, describe, expect, it } from "vitest";
import { applyKey } from "../../src/store/open.js";
import { migrateAsRelease01 } from "../fixtures/release-0.1-migrations.js";
import { runCli } from "../support/cli.js";
import { TEST_KEY, tempDir } from "../support/app.js";

/** The steps `migrate` printed, counted per module in the order it applied them: `core 2, alerts 2`. */
function appliedPerModule(stdout: string): [string, number][] {
  const counts: [string, number][] = [];
  for (const m of stdout.matchAll(/^applied \d+: .* \(([a-z0-9-]+)\)$/gm)) {
    const last = counts.at(-1);
    if (last && last[0] === m[1]) last[1]++;
    else counts.push([m[1]!, 1]);
  }
  return counts;
}

describe("doctor on a database made by release 0.1", { timeout: 90_000 }, () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  const env = { PORCHLIGHT_DB_KEY: TEST_KEY };

  /** A database as release 0.1 left it at `upTo` (7 is its last step; 5 is one that release's own upgrade had not finished). */
  function release01(upTo: number): string {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "release-0.1.db");
    const db = new Database(path);
    applyKey(db, TEST_KEY);
    migrateAsRelease01(db, upTo);
    db.close();
    return path;
  }

  it("says of a fully upgraded one only the steps added since that release", async () => {
    const path = release01(7);
    const doctor = await runCli(["doctor", "--db", path], { env });
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain(
      `ok: database key opens ${path} (schema 7; made by release 0.1: 5 schema steps pending: core 4 → 5 (1), shifts 2 → 4 (2), alerts 3 → 5 (2); \`porchlight migrate\` or the next start applies them)\n`,
    );
    const migrate = await runCli(["migrate", "--db", path], { env });
    expect(appliedPerModule(migrate.stdout)).toEqual([["core", 1], ["shifts", 2], ["alerts", 2]]);
    expect((await runCli(["doctor", "--db", path], { env })).stdout).toContain(`ok: database key opens ${path} (schema 8)\n`);
  });

  it("reports the schema steps pending per module, exactly those migrate then applies", async () => {
    const path = release01(5);

    const doctor = await runCli(["doctor", "--db", path], { env });
    expect(doctor.code).toBe(0);
    const line = doctor.stdout.split("\n").find((l) => l.startsWith("ok: database key opens"));
    expect(line).toBe(
      `ok: database key opens ${path} (schema 5; made by release 0.1: 9 schema steps pending: core 2 → 5 (3), shifts 1 → 4 (3), alerts 2 → 5 (3); \`porchlight migrate\` or the next start applies them)`,
    );

    const migrate = await runCli(["migrate", "--db", path], { env });
    expect(migrate.code).toBe(0);
    const reported = [...line!.matchAll(/([a-z0-9-]+) \d+ → \d+ \((\d+)\)/g)].map((m): [string, number] => [m[1]!, Number(m[2])]);
    expect(appliedPerModule(migrate.stdout)).toEqual(reported);

    const after = await runCli(["doctor", "--db", path], { env });
    expect(after.stdout).toContain(`ok: database key opens ${path} (schema 8)\n`);
  });
});
