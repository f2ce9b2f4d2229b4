import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { last, TEST_KEY, type TestApp } from "../support/app.js";
import { runCli } from "../support/cli.js";
import { alertWorld } from "./world.js";

/** Debian's Chromium (`apt-get install -y chromium`), if this machine has it. */
const CHROMIUM = ["chromium", "chromium-browser", "google-chrome"].find((bin) => spawnSync("which", [bin]).status === 0);
if (!CHROMIUM) console.warn("SKIPPED verifier page in a real browser: chromium is not installed (apt-get install -y chromium)");

/** Open the page with `text` pasted into it (the page reads `#check=`), let its script run, and return the DOM. */
function openInChromium(page: string, text: string): string {
  const profile = mkdtempSync(join(tmpdir(), "porchlight-chromium-"));
  try {
    const url = `${pathToFileURL(page).href}#check=${encodeURIComponent(text)}`;
    return execFileSync(
      CHROMIUM!,
      ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", `--user-data-dir=${profile}`, "--virtual-time-budget=10000", "--dump-dom", url],
      { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "ignore"] },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function verdictOf(dom: string): { kind: string; text: string } {
  const m = /<div id="verdict" role="status" data-verdict="([a-z-]+)">(.*?)<\/div>/s.exec(dom);
  if (!m) throw new Error(`no verdict in the page: ${dom.slice(-500)}`);
  return { kind: m[1]!, text: m[2]!.replace(/<\/?p>/g, "\n").trim() };
}

describe.skipIf(!CHROMIUM)("the offline verifier page, in a real headless Chromium", () => {
  let t: TestApp;
  let page = "";
  let genuine = "";
  let spanish = "";
  beforeAll(async () => {
    t = await alertWorld();
    await t.say("main", "Ana", '/alert vans and agents where="1420 Elm St" size=4');
    await t.say("verif", "Vera", "/confirm 1");
    await t.say("verif", "Vic", "/confirm 1");
    genuine = last(t.group("main"));
    spanish = last(t.group("otro"));
    await t.stop();
    const db = join(t.dir, "porchlight.db");
    const env = { PORCHLIGHT_DB_KEY: TEST_KEY };
    // A rotated key: the page pins the retired one too, so what it signed still checks.
    expect((await runCli(["keygen", "--network", "1", "--rotate", "--db", db], { env })).code).toBe(0);
    page = join(t.dir, "verify-eastside.html");
    const made = await runCli(["verifier-page", "--network", "1", "--out", page, "--db", db], { env });
    expect(made.stderr).toBe("");
    expect(made.stdout).toContain(`wrote the verifier page of network 1 (Eastside) to ${page}`);
  }, 60_000);
  afterAll(async () => t?.close());

  it("is one file that makes no request: no external reference, and a policy that forbids any", () => {
    const html = readFileSync(page, "utf8");
    expect(html).not.toMatch(/\s(?:src|href)=/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; .*connect-src 'none'/);
    expect(html).not.toContain("1420");
  });

  it("says a genuine alert is genuine, signed by the network's earlier key", () => {
    const v = verdictOf(openInChromium(page, genuine));
    expect(v.kind).toBe("genuine");
    expect(v.text).toMatch(/^✅ Genuine, word for word: signed by Eastside, key [0-9A-F ]{39} \(an earlier key of the network, since retired\)\. This page cannot know/);
    expect(v.text).toContain("✅ Auténtica, palabra por palabra: la firmó Eastside");
  }, 60_000);

  it("accepts the Spanish copy and a copy reformatted by a platform", () => {
    expect(verdictOf(openInChromium(page, spanish)).kind).toBe("genuine");
    const reformatted = `*${genuine.replace(/\n/g, "\r\n\r\n").replace("VERIFIED ALERT", "VERIFIED  ALERT")}*`;
    expect(verdictOf(openInChromium(page, reformatted)).kind).toBe("genuine");
    const italic = genuine.replace(/\n🔏 (\S+)$/, "\n_🔏 $1_");
    expect(italic).not.toBe(genuine);
    expect(verdictOf(openInChromium(page, italic)).kind).toBe("genuine");
  }, 60_000);

  it("says a forged alert is not genuine: a changed word, a lookalike letter, a hidden character", () => {
    const forged = verdictOf(openInChromium(page, genuine.replace("Elm St", "Roosevelt High")));
    expect(forged).toEqual({
      kind: "not-genuine",
      text: "❌ NOT genuine: this text is not what Eastside signed (a word, a number or the place was changed, or another network signed it). Do not act on it or pass it on.\n\n❌ NO es auténtica: este texto no es el que firmó Eastside (se cambió una palabra, un número o el lugar, o lo firmó otra red). No actúes ni la reenvíes.",
    });
    const lookalike = verdictOf(openInChromium(page, genuine.replace("vans", "v\u0430ns")));
    expect(lookalike.kind).toBe("not-genuine");
    expect(lookalike.text).toContain("lookalike letter, “\u0430” (U+0430, not a Latin letter) in “v\u0430ns”");
    const hidden = verdictOf(openInChromium(page, genuine.replace("Elm", "El\u200Bm")));
    expect(hidden.kind).toBe("not-genuine");
    expect(hidden.text).toContain("invisible character (U+200B) inside “Elm”");
    const unsealed = verdictOf(openInChromium(page, genuine.split("\n🔏")[0]!));
    expect(unsealed.kind).toBe("no-seal");
    const resealed = verdictOf(openInChromium(page, genuine.replace(/\n🔏 (\S)/, (_m, c: string) => `\n🔏 ${c === "2" ? "3" : "2"}`)));
    expect(resealed.kind).toBe("not-genuine");
  }, 120_000);
});
