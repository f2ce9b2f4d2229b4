import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { FatalError } from "../../src/errors.js";
import { tempDir } from "../support/app.js";

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof FatalError) return err.message;
    throw err;
  }
  throw new Error("expected a configuration error");
}

describe("configuration", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("starts from defaults with no file", () => {
    const config = loadConfig({ env: {} });
    expect(config.database.path).toBe("./data/porchlight.db");
    expect(config.defaults).toEqual({ language: "en", timezone: "UTC" });
    expect(config.telegram).toBeUndefined();
  });

  it("accepts the example file as shipped", () => {
    const config = loadConfig({ file: "config/porchlight.example.yaml", env: {} });
    expect(config.scheduler.intervalSeconds).toBe(30);
  });

  it("reports unknown keys and bad values with their paths, all at once", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = join(tmp.dir, "c.yaml");
    writeFileSync(file, "databse:\n  path: x\ndefaults:\n  language: fr\ndiscord:\n  token: t\n  applicationId: abc\n");
    const message = problem(() => loadConfig({ file, env: {} }));
    const lines = message.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        `config ${file}: (top level): unknown key databse`,
        `config ${file}: defaults.language: Invalid option: expected one of "en"|"es"`,
        `config ${file}: discord.applicationId: a numeric Discord id`,
      ]),
    );
  });

  it("takes secrets from *_file paths and the environment, never needing them in the file", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const secret = join(tmp.dir, "tg");
    writeFileSync(secret, "123:abc\n");
    const file = join(tmp.dir, "c.yaml");
    writeFileSync(file, `telegram:\n  token_file: ${secret}\ndiscord:\n  applicationId: "1"\nmatrix:\n  homeserverUrl: https://m.example.org\n`);
    const config = loadConfig({ file, env: { PORCHLIGHT_DISCORD_TOKEN: "dtoken", PORCHLIGHT_MATRIX_ACCESS_TOKEN_FILE: secret } });
    expect(config.telegram?.token).toBe("123:abc");
    expect(config.discord?.token).toBe("dtoken");
    expect(config.matrix?.accessToken).toBe("123:abc");
  });

  it("says which secret file is unreadable without printing any secret", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = join(tmp.dir, "c.yaml");
    writeFileSync(file, "telegram:\n  token_file: /nonexistent/secret\n");
    expect(problem(() => loadConfig({ file, env: {} }))).toBe("config: telegram.token_file: cannot read /nonexistent/secret (ENOENT)");
  });

  it("refuses a platform section without its secret", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = join(tmp.dir, "c.yaml");
    writeFileSync(file, "telegram:\n  apiRoot: http://127.0.0.1:1\n");
    expect(problem(() => loadConfig({ file, env: {} }))).toContain("telegram.token");
  });

  it("overrides the database path from the command line", () => {
    expect(loadConfig({ env: {}, dbPath: "/tmp/x.db" }).database.path).toBe("/tmp/x.db");
  });
});
