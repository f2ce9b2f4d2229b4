import { last, startTestApp, type TestApp } from "../support/app.js";

/**
 * A network "Eastside" for alert tests: `main` (a plain member chat, English), `verif` (the
 * verifier chat, end-to-end encrypted), `otro` (a Spanish member chat). Lena is admin; Vera, Vic
 * and Val are verifiers; Ana and Ben are members.
 */
export async function alertWorld(opts: { quorum?: number; config?: Record<string, unknown> } = {}): Promise<TestApp> {
  const t = await startTestApp(opts.config ? { config: opts.config } : {});
  t.adapter.encrypted.add("verif");
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Lena", "/network tz America/Chicago");
  for (const chat of ["verif", "otro"]) {
    await t.say("main", "Lena", "/network invite");
    const code = /\/network link (\S+)/.exec(last(t.inbox("Lena")))?.[1];
    if (!code) throw new Error("no invite code");
    await t.say(chat, "Lena", `/network link ${code}`);
  }
  await t.say("otro", "Lena", "/idioma es");
  await t.say("verif", "Lena", "/network verifiers");
  for (const who of ["Vera", "Vic", "Val", "Ana", "Ben"]) await t.say("main", who, "/network info");
  for (const who of ["Vera", "Vic", "Val"]) await t.say("main", "Lena", `/role grant ${who.toLowerCase()} verifier`);
  if (opts.quorum) await t.say("main", "Lena", `/network quorum ${opts.quorum}`);
  return t;
}

/** The id of the last report acknowledged in `texts`. */
export function reportNum(texts: string[]): number {
  const m = /(?:Report|Reporte) #(\d+)/.exec(last(texts));
  if (!m) throw new Error(`no report number in: ${last(texts)}`);
  return Number(m[1]);
}

/** The signature code in a broadcast text. */
export function codeIn(text: string): string {
  const m = /\b\d+\.\d+\.\d+-[A-Z0-9]{10}\b/.exec(text);
  if (!m) throw new Error(`no signature code in: ${text}`);
  return m[0];
}
