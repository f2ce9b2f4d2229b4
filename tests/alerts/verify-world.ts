import { SigningKeys } from "../../src/alerts/keys.js";
import { fingerprint } from "../../src/crypto/signing.js";
import { last, type TestApp } from "../support/app.js";
import { alertWorld, codeIn } from "./world.js";

/** The broadcasts of one alert as chats got them, and its codes. */
export interface Sent {
  /** The plain English chat's copy. */
  main: string;
  /** The plain Spanish chat's copy. */
  otro: string;
  /** The encrypted verifier chat's copy (exact place). */
  verif: string;
  code: string;
}

/**
 * Alerts of "Eastside" in every state /verify must tell apart, made in time order on a manual clock:
 * #1 all clear and purged; #2 expired; #3 signed by a key since retired; #4 active (exact place,
 * what and how many); #5 updated; #6 all clear. "Eastside" is also the name of a second network
 * (Mallory's, chat `evil`), whose alert #1 is `impostor`.
 */
export interface VerifyWorld {
  t: TestApp;
  purged: Sent;
  expired: Sent;
  retired: Sent;
  active: Sent;
  updated: Sent;
  /** The update broadcast to #5. */
  update: Sent;
  allclear: Sent;
  /** The all-clear broadcast of #6. */
  allclearMessage: Sent;
  impostor: Sent;
  /** Key fingerprints: Eastside's current and retired ones, and the impostor network's. */
  fp: { current: string; retired: string; impostor: string };
  /** When the retired key was retired. */
  retiredAt: number;
}

async function confirmed(t: TestApp, line: string): Promise<Sent> {
  await t.say("main", "Ana", line);
  const num = Number(/#(\d+)/.exec(last(t.group("main")))![1]);
  await t.say("verif", "Vera", `/confirm ${num}`);
  await t.say("verif", "Vic", `/confirm ${num}`);
  return latest(t);
}

/** The last message posted to each chat, not counting edits of earlier ones. */
function latest(t: TestApp): Sent {
  const post = (chat: string) => last(t.group(chat).filter((m) => !m.startsWith("(edited ")));
  const main = post("main");
  return { main, otro: post("otro"), verif: post("verif"), code: codeIn(main) };
}

/** The edited copy of an original in a chat, as a member would copy it (without the test's edit marker). */
export function editedCopy(t: TestApp, chat: string, code: string): string {
  const edited = t.group(chat).filter((m) => m.startsWith("(edited ") && m.includes(code));
  return last(edited).replace(/^\(edited m\d+\) /, "");
}

export async function verifyWorld(): Promise<VerifyWorld> {
  const t = await alertWorld({ config: { limits: { commandsPerMinute: 1000, reportsPerHour: 100 } } }); // a table of checks in one minute of test time
  const keys = new SigningKeys(t.app.store.db);

  const purged = await confirmed(t, '/alert vans at the laundromat where="77 Oak Ave"');
  await t.say("verif", "Vera", "/allclear 1");
  t.clock.advance(31 * 24 * 3_600_000);
  t.app.scheduler.runOnce();

  const expired = await confirmed(t, '/alert agents at the bus stop where="Pine St & 3rd"');
  t.clock.advance(4 * 3_600_000 + 60_000);
  t.app.scheduler.runOnce();
  await t.app.delivery.flush(5000);

  const retired = await confirmed(t, '/alert checkpoint on Main where="Main St"');
  const oldKey = keys.current(1)!;
  const retiredAt = t.clock.now();
  t.app.store.db.transaction(() => keys.rotate(1, retiredAt))();
  t.clock.advance(60_000);

  const active = await confirmed(t, '/alert 2 unmarked vans, agents knocking where="1420 Elm St, apt 3" what=ICE size=6');
  const updated = await confirmed(t, '/alert agents at the market where="Maple Ave"');
  t.clock.advance(10 * 60_000);
  await t.say("verif", "Vera", `/alert update ${Number(/#(\d+)/.exec(updated.main)![1])} agents left towards Pine`);
  const update = latest(t);
  const allclear = await confirmed(t, '/alert van at the school where="Birch St"');
  t.clock.advance(5 * 60_000);
  await t.say("verif", "Vic", `/allclear ${Number(/#(\d+)/.exec(allclear.main)![1])}`);
  const allclearMessage = latest(t);

  // Another network with the same name, run by one person with a second account and quorum 1.
  await t.say("evil", "Mallory", "/network create Eastside");
  await t.say("evil", "Mallory", "/network tz America/Chicago");
  await t.say("evil", "Mal2", "/network info");
  await t.say("evil", "Mallory", "/role grant mal2 verifier");
  await t.say("evil", "Mallory", "/network quorum 1");
  await t.say("evil", "Mallory", '/alert vans and agents where="Elm St"');
  await t.say("evil", "Mal2", "/confirm 1");
  const evil = last(t.group("evil"));
  const impostor = { main: evil, otro: evil, verif: evil, code: codeIn(evil) };

  const fp = {
    current: fingerprint(keys.current(1)!.publicKey),
    retired: fingerprint(oldKey.publicKey),
    impostor: fingerprint(keys.current(2)!.publicKey),
  };
  return { t, purged, expired, retired, active, updated, update, allclear, allclearMessage, impostor, fp, retiredAt };
}
