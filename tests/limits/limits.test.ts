/**
 * Abuse limits through the app, on a ManualClock: a flood is refused with a message in the
 * member's language saying when to try again, and votes and broadcasts always get through.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryAdapter } from "../../adapters/memory/index.js";
import { AlertStore } from "../../src/alerts/store.js";
import { alertWorld } from "../alerts/world.js";
import { last, startTestApp, T0, type TestApp } from "../support/app.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function reportCount(app: TestApp): number {
  return (app.app.store.db.prepare("SELECT count(*) AS n FROM alerts").get() as { n: number }).n;
}

describe("reports per person per hour", () => {
  it("refuses the sixth report within the hour, says when to try again, and sends nothing to verifiers", async () => {
    t = await alertWorld();
    for (let i = 1; i <= 5; i++) {
      await t.say("main", "Ana", `/alert van number ${i}`);
      t.clock.advance(MINUTE);
    }
    const cards = t.group("verif").length;
    await t.say("main", "Ana", "/alert van number 6");
    expect(last(t.group("main"))).toBe(
      "You already sent 5 reports in the last hour, the most one person can, so this one was not sent. You can report again in 55 minutes. If it's urgent, ask someone else in the network to report it.",
    );
    expect(reportCount(t)).toBe(5);
    expect(t.group("verif")).toHaveLength(cards);
    // Someone else may still report.
    await t.say("main", "Ben", "/alert van seen by Ben");
    expect(last(t.group("main"))).toMatch(/^Report #6 received/);
    // Once the first report leaves the hour, Ana may report again.
    t.clock.set(T0 + HOUR + 1);
    await t.say("main", "Ana", "/alert van number 6");
    expect(last(t.group("main"))).toMatch(/^Report #7 received/);
  });

  it("says it in Spanish in a Spanish chat", async () => {
    t = await alertWorld();
    for (let i = 1; i <= 5; i++) await t.say("otro", "Ana", `/alerta camioneta ${i}`);
    await t.say("otro", "Ana", "/alerta camioneta 6");
    expect(last(t.group("otro"))).toBe(
      "Ya mandaste 5 reportes en la última hora, que es lo máximo por persona, así que este no se mandó. Puedes reportar de nuevo en 1 hora. Si es urgente, pídele a otra persona de la red que lo reporte.",
    );
    expect(reportCount(t)).toBe(5);
  });

  it("does not count a refused report (bad input) against the person", async () => {
    t = await alertWorld();
    for (let i = 0; i < 6; i++) await t.say("main", "Ana", "/alert");
    for (let i = 1; i <= 5; i++) await t.say("main", "Ana", `/alert van ${i}`);
    expect(reportCount(t)).toBe(5);
  });
});

describe("commands per person per minute", () => {
  it("refuses a flood once, quietly afterwards, and still takes a verifier's vote", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", "/alert van at the corner");
    t.clock.advance(MINUTE);
    const before = t.group("verif").length;
    for (let i = 0; i < 30; i++) await t.say("verif", "Vera", "/help");
    expect(t.group("verif")).toHaveLength(before + 30);
    await t.say("verif", "Vera", "/help");
    expect(last(t.group("verif"))).toBe("You're sending me commands too fast. Try again in 1 minute.");
    await t.say("verif", "Vera", "/help");
    await t.say("verif", "Vera", "/network info");
    expect(t.group("verif")).toHaveLength(before + 31);
    // Votes are never limited.
    await t.say("verif", "Vera", "/confirm 1");
    expect(last(t.group("verif"))).toBe("Your vote on report #1 is in: 1 of 2 confirmations so far.");
    await t.say("verif", "Vic", "/confirm 1");
    expect(new AlertStore(t.app.store.db).byNum(1, 1)?.state).toBe("verified");
    t.clock.advance(MINUTE);
    await t.say("verif", "Vera", "/help");
    expect(last(t.group("verif"))).not.toContain("too fast");
  });

  it("tells a Spanish speaker in Spanish, with seconds when it is less than a minute", async () => {
    t = await startTestApp({ now: T0 });
    await t.dm("Rosa", "/idioma es");
    for (let i = 0; i < 29; i++) await t.dm("Rosa", "/ayuda");
    t.clock.advance(30_000);
    await t.dm("Rosa", "/ayuda");
    expect(last(t.inbox("Rosa"))).toBe("Me estás mandando comandos muy rápido. Intenta de nuevo en 30 segundos.");
  });

  it("where answers can be private to the flooder (Discord), each refusal is answered, privately", async () => {
    t = await startTestApp({ adapter: new MemoryAdapter({ ephemeral: true }) });
    for (let i = 0; i < 32; i++) await t.say("main", "Ana", "/help");
    const refusals = t.adapter.sent.filter((s) => s.msg.text.startsWith("You're sending me commands too fast"));
    expect(refusals).toHaveLength(2);
    expect(refusals.every((s) => s.msg.ephemeral === true)).toBe(true);
  });

  it("limits a whole chat too, with its own message", async () => {
    t = await startTestApp({ config: { limits: { commandsPerChatPerMinute: 4 } } });
    for (const who of ["Ana", "Ben", "Cy", "Di"]) await t.say("main", who, "/help");
    await t.say("main", "Eve", "/help");
    expect(last(t.group("main"))).toBe("This chat is sending me commands too fast. Try again in 1 minute.");
  });
});

describe("networks per person per day", () => {
  it("refuses a third network in a day, in the chat's language, and remembers across a restart", async () => {
    t = await startTestApp({ config: { defaults: { language: "es", timezone: "UTC" } } });
    await t.say("uno", "Mal", "/red crear Una");
    t.clock.advance(HOUR);
    await t.say("dos", "Mal", "/red crear Dos");
    await t.stop();
    t = await startTestApp({ dir: t.dir, clock: t.clock, config: { defaults: { language: "es", timezone: "UTC" } } });
    await t.say("tres", "Mal", "/red crear Tres");
    expect(last(t.group("tres"))).toBe("Ya creaste 2 redes hoy. Puedes crear otra en 23 horas.");
    const networks = (t.app.store.db.prepare("SELECT count(*) AS n FROM networks").get() as { n: number }).n;
    expect(networks).toBe(2);
    t.clock.set(T0 + 24 * HOUR + 1);
    await t.say("tres", "Mal", "/red crear Tres");
    expect(t.group("tres").slice(-2)[0]).toContain("“Tres”");
  });

  it("says it in English", async () => {
    t = await startTestApp({ config: { limits: { networksPerDay: 1 } } });
    await t.say("one", "Mal", "/network create One");
    await t.say("two", "Mal", "/network create Two");
    expect(last(t.group("two"))).toBe("You already created 1 network today. You can create another in 24 hours.");
  });
});

describe("private report cards per verifier per hour", () => {
  /** A network whose verifiers have no verifier chat, so cards go to them privately. */
  async function privateVerifiers(perHour: number): Promise<TestApp> {
    const app = await startTestApp({ config: { limits: { verifierMessagesPerHour: perHour } } });
    await app.say("main", "Lena", "/network create Eastside");
    for (const who of ["Vera", "Vic", "Ana", "Ben", "Cy", "Di"]) await app.say("main", who, "/network info");
    for (const who of ["Vera", "Vic"]) await app.say("main", "Lena", `/role grant ${who.toLowerCase()} verifier`);
    return app;
  }

  it("sends cards up to the limit, then one line saying more are waiting, then nothing; votes still count", async () => {
    t = await privateVerifiers(2);
    await t.dm("Vic", "/idioma es");
    for (const who of ["Ana", "Ben", "Cy", "Di"]) await t.say("main", who, `/alert van seen by ${who}`);
    const vera = t.inbox("Vera");
    expect(vera.filter((m) => m.includes("REPORT #"))).toHaveLength(2);
    const paused = vera.filter((m) => m.startsWith("Reports keep coming in"));
    expect(paused).toEqual([
      "Reports keep coming in, so for 1 hour I won't send you each one privately: see report #3 and the ones after it with /alert status NUMBER, and vote with /confirm NUMBER or /reject NUMBER REASON.",
    ]);
    expect(vera).toHaveLength(3);
    expect(t.inbox("Vic").filter((m) => m.startsWith("Siguen llegando"))).toEqual([
      "Siguen llegando reportes, así que por 1 hora no te voy a mandar cada uno en privado: mira el reporte #3 y los que siguen con /alerta estado NÚMERO, y vota con /confirmar NÚMERO o /rechazar NÚMERO MOTIVO.",
    ]);
    // Every report was taken, and a verifier can still vote on one whose card was held back.
    expect(reportCount(t)).toBe(4);
    await t.dm("Vera", "/confirm 4");
    expect(last(t.inbox("Vera"))).toBe("Your vote on report #4 is in: 1 of 2 confirmations so far.");
    t.clock.advance(HOUR + 1);
    await t.say("main", "Ana", "/alert another van");
    expect(t.inbox("Vera").filter((m) => m.includes("REPORT #5"))).toHaveLength(1);
  });
});
