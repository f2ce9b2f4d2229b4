import { PassThrough, Writable } from "node:stream";
import { afterEach, describe, it } from "vitest";
import { createConsoleAdapter } from "../../adapters/console/index.js";
import { ManualClock } from "../../src/core/clock.js";
import { createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { silentLog, TEST_KEY, tempDir, testConfig } from "../support/app.js";
import { expectGolden, maskRandom } from "../support/golden.js";
import { spanishTelegramStory } from "./golden-telegram.js";

/**
 * A Spanish-speaking network uses all three jobs, entirely in Spanish, and the whole transcript is
 * kept in tests/golden/ and compared word for word: a change to what people read is reviewed like
 * code. Regenerate after a deliberate change with
 * `PORCHLIGHT_UPDATE_GOLDEN=1 npx vitest run tests/e2e/golden-spanish.test.ts`, then read the diff.
 * The clock is fixed (Tuesday 1 December 2026, noon in Los Angeles); only what is random by design
 * (the network's key, so its signatures) is masked.
 */

/** Tuesday 1 December 2026, 12:00 in Los Angeles. */
const STORY_NOW = Date.parse("2026-12-01T12:00:00-08:00");

/** The story up to the broadcast, as typed into the console; `:press` and `:dm` as the console reads them. */
const BEFORE_BROADCAST = [
  ":as Lupe",
  "/red crear Vecinos del Este",
  "/red zona America/Los_Angeles",
  ":as Rosa",
  "/ayuda turno",
  ":as Beto",
  "/turnos",
  ":as Marisol",
  "/turnos",
  ":as Chuy",
  "/red info",
  ":as Toño",
  "/turnos",
  ":as Lupe",
  "/rol dar Rosa coordinacion",
  ":dm",
  ":press 1",
  ":in main",
  "/rol dar Chuy verificacion",
  ":dm",
  ":press 1",
  ":in main",
  "/rol dar Toño verificacion",
  ":dm",
  ":press 1",
  ":in main",
  ":as Rosa",
  '/turno nuevo mañana a las 6 y media 2h "2209 Hollowell St" 2 traigan agua área="Iglesia del Este"',
  ":press 1",
  ":as Beto",
  "/apuntarme 1",
  ":as Marisol",
  ":press 1",
  ":as Toño",
  "/apuntarme 1",
  ":as Beto",
  "/baja 1",
  ":as Rosa",
  "/lista 1",
  '/busqueda nueva "Redada en la Cuarta" "Calle 4 y Soto" ayer a las 5:30 plazo=72h',
  '/busqueda nueva "Redada en la Cuarta" "Calle 4 y Soto" ayer 05:30 plazo=72h',
  '/busqueda cuadras 1 C1 "Soto 100-200" C2 C3',
  ":as Marisol",
  "/tomar 1 C1",
  "/informe 1 C1 puertas=12 abrieron=5 camaras=3 videos=1 la casa azul tiene timbre con cámara",
  "/busqueda estado 1",
  ":as Beto",
  '/alerta Camionetas sin placas en la Cuarta y Soto donde="Calle 4 y Soto" que=ICE cuantos=3 testigo=si',
  ":as Chuy",
  ":dm",
  ":press 1",
  ":as Toño",
  ":dm",
  "/confirmar 1 enellugar",
];

/** After the broadcast: a member checks it, and asks what the bot keeps about them. */
const afterBroadcast = (code: string) => [":as Marisol", ":dm", `/verificar ${code}`, "/privacidad", "/misturnos"];

describe("a network in Spanish, end to end, against its golden transcripts", { timeout: 120_000 }, () => {
  let cleanup: () => Promise<void> = async () => {};
  afterEach(() => cleanup());

  it("plays on the console", async () => {
    const temp = tempDir("porchlight-golden-console-");
    const input = new PassThrough();
    let printed = "";
    const output = new Writable({
      write(chunk: Buffer, _enc, done) {
        printed += chunk.toString();
        done();
      },
    });
    const clock = new ManualClock(STORY_NOW);
    const adapter = createConsoleAdapter({ input, output, interactive: false });
    const config = testConfig(temp.dir);
    const app = createApp({ config, adapters: [adapter], log: silentLog, clock, store: openStore({ path: config.database.path, key: TEST_KEY }) });
    let lineHandled = () => {};
    adapter.setHooks({
      advanceClock: (ms) => {
        clock.set(clock.now() + ms);
        app.scheduler.runOnce();
      },
      afterLine: async () => {
        await app.delivery.flush();
        lineHandled();
      },
    });
    await app.start();
    cleanup = async () => {
      input.end();
      await app.stop({ flush: true });
      temp.cleanup();
    };
    const transcript: string[] = [];
    const type = async (line: string) => {
      const handled = new Promise<void>((resolve) => {
        lineHandled = resolve;
      });
      const before = printed.length;
      input.write(`${line}\n`);
      await handled;
      transcript.push(`> ${line}`, ...printed.slice(before).trimEnd().split("\n").filter((l) => l !== ""));
    };
    for (const line of BEFORE_BROADCAST) await type(line);
    const code = /\/verificar (\S+)\)/.exec(printed)?.[1];
    if (!code) throw new Error("the broadcast carries no signature code");
    for (const line of afterBroadcast(code)) await type(line);
    expectGolden("spanish-console.txt", `${maskRandom(transcript.join("\n"))}\n`);
  });

  it("plays on Telegram", async () => {
    const story = await spanishTelegramStory(STORY_NOW);
    cleanup = story.close;
    expectGolden("spanish-telegram.txt", story.transcript);
  });
});
