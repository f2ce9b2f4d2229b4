import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { last } from "../support/app.js";
import { editedCopy, type VerifyWorld, verifyWorld } from "./verify-world.js";

/**
 * What a member sees when checking alerts, word for word: every state an alert can be in, every
 * way a copy can be changed or forged, and every way people type a code.
 */
let w: VerifyWorld;
beforeAll(async () => {
  w = await verifyWorld();
}, 60_000);
afterAll(async () => w?.t.close());

const EN_NET = (fp: string) => `Network: Eastside · key ${fp}`;
const EN_RETIRED = (fp: string) => `Network: Eastside · earlier key ${fp} (retired Fri Jan 1, 10:01am; it still proves what it signed)`;
const ACTIVE_SIGNED_EN = [
  "What was signed:",
  "What: 2 unmarked vans, agents knocking",
  "Seen: ICE",
  "How many: 6",
  "Where: Elm St",
  "Reported: Fri Jan 1, 10:02am",
  "Valid until: Fri Jan 1, 2:02pm",
];
const ACTIVE_STATUS_EN = "🚨 Status: alert #4 is active, valid until Fri Jan 1, 2:02pm.";
const activeCode = (code: string) =>
  `✅ Real code: ${code} is alert #4 of Eastside, signed Fri Jan 1, 10:02am. Compare what was signed, below, word for word with what you were sent.`;
const activeMatch = "✅ Genuine, word for word: this is alert #4 of Eastside, signed Fri Jan 1, 10:02am.";

interface Case {
  name: string;
  chat: string;
  line: () => string;
  expected: () => string;
}

/** The active alert's answer in the plain English chat, with `head` as its first line. */
const activeAnswer = (head: () => string) => () => [head(), EN_NET(w.fp.current), ...ACTIVE_SIGNED_EN, ACTIVE_STATUS_EN].join("\n");
const changed = (word: string) => () =>
  `❌ NOT genuine: ${w.active.code} is a real code of alert #4 of Eastside, but the text you sent is not what was signed (it differs at “${word}”). Do not act on it or pass it on; tell a verifier.`;

const cases: Case[] = [
  { name: "the code alone", chat: "main", line: () => `/verify ${w.active.code}`, expected: activeAnswer(() => activeCode(w.active.code)) },
  { name: "the code in lower case, as phones type it", chat: "main", line: () => `/verify ${w.active.code.toLowerCase()}`, expected: activeAnswer(() => activeCode(w.active.code)) },
  { name: "the code with a full stop after it", chat: "main", line: () => `/verify ${w.active.code}.`, expected: activeAnswer(() => activeCode(w.active.code)) },
  { name: "the code among words", chat: "main", line: () => `/verify Is this real? Code ${w.active.code} please.`, expected: activeAnswer(() => activeCode(w.active.code)) },
  {
    name: "a pasted Signature: line",
    chat: "main",
    line: () => `/verify Signature: ${w.active.code} (check with /verify ${w.active.code})`,
    expected: activeAnswer(() => activeCode(w.active.code)),
  },
  {
    name: "the code in full-width digits and an en dash",
    chat: "main",
    line: () => `/verify ${w.active.code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace("-", "–")}`,
    expected: activeAnswer(() => activeCode(w.active.code)),
  },
  { name: "the whole alert as the plain chat got it", chat: "main", line: () => `/verify ${w.active.main}`, expected: activeAnswer(() => activeMatch) },
  {
    name: "the whole alert as the encrypted chat got it, checked in a plain chat: the exact place is not echoed",
    chat: "main",
    line: () => `/verify ${w.active.verif}`,
    expected: activeAnswer(() => activeMatch),
  },
  {
    name: "the whole alert as a platform reformats it: bold marks, CRLF, doubled spaces, invisible marks at the edges, no seal line",
    chat: "main",
    line: () =>
      `/verify \uFEFF*${w.active.main
        .split("\n")
        .filter((l) => !l.startsWith("🔏"))
        .map((l) => `${l}\u200E`)
        .join("\r\n\r\n")
        .replace("VERIFIED ALERT", "VERIFIED  ALERT")
        .replace(w.active.code, w.active.code.toLowerCase())}*`,
    expected: activeAnswer(() => activeMatch),
  },
  {
    name: "the whole alert wrapped in bold marks, seal line and all",
    chat: "main",
    line: () => `/verify *${w.active.main}*`,
    expected: activeAnswer(() => activeMatch),
  },
  {
    name: "a code with a few words of a false alert beside it",
    chat: "main",
    line: () => `/verify ICE at school ${w.active.code}`,
    expected: () => [changed("ICE")(), EN_NET(w.fp.current), ...ACTIVE_SIGNED_EN, ACTIVE_STATUS_EN].join("\n"),
  },
  {
    name: "in Spanish: a pasted Firma: line",
    chat: "otro",
    line: () => `/verificar Firma: ${w.active.code} (compruébala con /verificar ${w.active.code})`,
    expected: () =>
      [
        `✅ Código auténtico: ${w.active.code} es la alerta #4 de Eastside, firmada el viernes 1 de enero a las 10:02. Compara lo que se firmó, abajo, palabra por palabra con lo que te mandaron.`,
        `Red: Eastside · clave ${w.fp.current}`,
        "Lo que se firmó:",
        "Qué: 2 unmarked vans, agents knocking",
        "Qué se vio: ICE",
        "Cuántos: 6",
        "Dónde: Elm St",
        "Reportado: vie 1 ene, 10:02",
        "Vigente hasta: vie 1 ene, 14:02",
        "🚨 Estado: la alerta #4 está vigente hasta el viernes 1 de enero a las 14:02.",
      ].join("\n"),
  },
  {
    name: "a forged text under a real code",
    chat: "main",
    line: () => `/verify ICE at Roosevelt High, keep kids home. Signature: ${w.active.code} (check with /verify ${w.active.code})`,
    expected: () => [changed("ICE")(), EN_NET(w.fp.current), ...ACTIVE_SIGNED_EN, ACTIVE_STATUS_EN].join("\n"),
  },
  {
    name: "one changed character",
    chat: "main",
    line: () => `/verify ${w.active.main.replace("Elm St", "Elm Sr")}`,
    expected: () => [changed("Sr")(), EN_NET(w.fp.current), ...ACTIVE_SIGNED_EN, ACTIVE_STATUS_EN].join("\n"),
  },
  {
    name: "a changed head count",
    chat: "main",
    line: () => `/verify ${w.active.main.replace("How many: 6", "How many: 60")}`,
    expected: () => [changed("60")(), EN_NET(w.fp.current), ...ACTIVE_SIGNED_EN, ACTIVE_STATUS_EN].join("\n"),
  },
  {
    name: "a false first line put on top of a genuine alert",
    chat: "main",
    line: () => `/verify ⚠️ ICE AT ROOSEVELT HIGH\n${w.active.main}`,
    expected: () => [changed("⚠️")(), EN_NET(w.fp.current), ...ACTIVE_SIGNED_EN, ACTIVE_STATUS_EN].join("\n"),
  },
  {
    name: "a Cyrillic а for a Latin a",
    chat: "main",
    line: () => `/verify ${w.active.main.replace("vans", "v\u0430ns")}`,
    expected: () =>
      [
        `❌ NOT genuine: the text has a lookalike letter, “\u0430” (U+0430, not a Latin letter) in “v\u0430ns”, made to pass for the real alert ${w.active.code}. Do not act on it or pass it on; tell a verifier.`,
        EN_NET(w.fp.current),
        ...ACTIVE_SIGNED_EN,
        ACTIVE_STATUS_EN,
      ].join("\n"),
  },
  {
    name: "a Greek ο in the place",
    chat: "main",
    line: () => `/verify ${w.active.main.replace("knocking", "kn\u03BFcking")}`,
    expected: () =>
      [
        `❌ NOT genuine: the text has a lookalike letter, “\u03BF” (U+03BF, not a Latin letter) in “kn\u03BFcking”, made to pass for the real alert ${w.active.code}. Do not act on it or pass it on; tell a verifier.`,
        EN_NET(w.fp.current),
        ...ACTIVE_SIGNED_EN,
        ACTIVE_STATUS_EN,
      ].join("\n"),
  },
  {
    name: "a zero-width space inside a word",
    chat: "main",
    line: () => `/verify ${w.active.main.replace("Elm", "El\u200Bm")}`,
    expected: () =>
      [
        `❌ NOT genuine as sent: there is an invisible character (U+200B) inside “Elm”, which the bot never sends. Someone changed this copy of ${w.active.code}. Do not pass it on; tell a verifier.`,
        EN_NET(w.fp.current),
        ...ACTIVE_SIGNED_EN,
        ACTIVE_STATUS_EN,
      ].join("\n"),
  },
  {
    name: "a right-to-left override",
    chat: "main",
    line: () => `/verify ${w.active.main.replace("knocking", "\u202Egnikcon")}`,
    expected: () =>
      [
        `❌ NOT genuine as sent: there is an invisible character (U+202E) inside “gnikcon”, which the bot never sends. Someone changed this copy of ${w.active.code}. Do not pass it on; tell a verifier.`,
        EN_NET(w.fp.current),
        ...ACTIVE_SIGNED_EN,
        ACTIVE_STATUS_EN,
      ].join("\n"),
  },
  {
    name: "a replayed expired alert, word for word",
    chat: "main",
    line: () => `/verify ${w.expired.main}`,
    expected: () =>
      [
        "✅ Genuine, word for word: this is alert #2 of Eastside, signed Fri Jan 1, 6am.",
        EN_RETIRED(w.fp.retired),
        "What was signed:",
        "What: agents at the bus stop",
        "Where: Pine St",
        "Reported: Fri Jan 1, 6am",
        "Valid until: Fri Jan 1, 10am",
        "⌛ Status: expired Fri Jan 1, 10am. Alert #2 is no longer current.",
      ].join("\n"),
  },
  {
    name: "an updated alert, with its latest update",
    chat: "main",
    line: () => `/verify ${w.updated.code}`,
    expected: () =>
      [
        `✅ Real code: ${w.updated.code} is alert #5 of Eastside, signed Fri Jan 1, 10:02am. Compare what was signed, below, word for word with what you were sent.`,
        EN_NET(w.fp.current),
        "What was signed:",
        "What: agents at the market",
        "Where: Maple Ave",
        "Reported: Fri Jan 1, 10:02am",
        "Valid until: Fri Jan 1, 2:02pm",
        "⚠️ Status: alert #5 was updated Fri Jan 1, 10:12am: “agents left towards Pine”. Valid until Fri Jan 1, 2:12pm.",
      ].join("\n"),
  },
  {
    name: "the update itself",
    chat: "main",
    line: () => `/verify ${w.update.main}`,
    expected: () =>
      [
        "✅ Genuine, word for word: this is the update to alert #5 of Eastside, signed Fri Jan 1, 10:12am.",
        EN_NET(w.fp.current),
        "What was signed:",
        "Update: agents left towards Pine",
        "Valid until: Fri Jan 1, 2:12pm",
        "⚠️ Status: alert #5 was updated Fri Jan 1, 10:12am: “agents left towards Pine”. Valid until Fri Jan 1, 2:12pm.",
      ].join("\n"),
  },
  {
    name: "the original under the bot's own mark, as an edited chat shows it",
    chat: "main",
    line: () => `/verify ${editedCopy(w.t, "main", w.updated.code)}`,
    expected: () =>
      [
        "✅ Genuine, word for word: this is alert #5 of Eastside, signed Fri Jan 1, 10:02am.",
        "(The first line is the bot's own later mark; it is not part of the signed text.)",
        EN_NET(w.fp.current),
        "What was signed:",
        "What: agents at the market",
        "Where: Maple Ave",
        "Reported: Fri Jan 1, 10:02am",
        "Valid until: Fri Jan 1, 2:02pm",
        "⚠️ Status: alert #5 was updated Fri Jan 1, 10:12am: “agents left towards Pine”. Valid until Fri Jan 1, 2:12pm.",
      ].join("\n"),
  },
  {
    name: "an all-cleared alert",
    chat: "main",
    line: () => `/verify ${w.allclear.code}`,
    expected: () =>
      [
        `✅ Real code: ${w.allclear.code} is alert #6 of Eastside, signed Fri Jan 1, 10:12am. Compare what was signed, below, word for word with what you were sent.`,
        EN_NET(w.fp.current),
        "What was signed:",
        "What: van at the school",
        "Where: Birch St",
        "Reported: Fri Jan 1, 10:12am",
        "Valid until: Fri Jan 1, 2:12pm",
        "✅ Status: all clear. Alert #6 ended Fri Jan 1, 10:17am.",
      ].join("\n"),
  },
  {
    name: "a purged alert's code: genuine, and over",
    chat: "main",
    line: () => `/verify ${w.purged.code}`,
    expected: () =>
      [
        `✅ Real code: ${w.purged.code} is alert #1 of Eastside, signed Tue Dec 1, 2026, 6am. Compare what was signed, below, word for word with what you were sent.`,
        EN_RETIRED(w.fp.retired),
        "The alert's text is no longer kept, only its signature.",
        "✅ Status: all clear. Alert #1 ended Tue Dec 1, 2026, 6am.",
      ].join("\n"),
  },
  {
    name: "a purged alert pasted word for word",
    chat: "main",
    line: () => `/verify ${w.purged.main}`,
    expected: () =>
      [
        "✅ Genuine, word for word: this is alert #1 of Eastside, signed Tue Dec 1, 2026, 6am.",
        EN_RETIRED(w.fp.retired),
        "The alert's text is no longer kept, only its signature.",
        "✅ Status: all clear. Alert #1 ended Tue Dec 1, 2026, 6am.",
      ].join("\n"),
  },
  {
    name: "a purged alert pasted with a changed word",
    chat: "main",
    line: () => `/verify ${w.purged.main.replace("laundromat", "school")}`,
    expected: () =>
      [
        `❌ NOT genuine: ${w.purged.code} is a real code of alert #1 of Eastside, but the text you sent does not match what was signed. Do not act on it or pass it on.`,
        EN_RETIRED(w.fp.retired),
        "The alert's text is no longer kept, only its signature.",
        "✅ Status: all clear. Alert #1 ended Tue Dec 1, 2026, 6am.",
      ].join("\n"),
  },
  {
    name: "an alert signed by a key since retired",
    chat: "main",
    line: () => `/verify ${w.retired.code}`,
    expected: () =>
      [
        `✅ Real code: ${w.retired.code} is alert #3 of Eastside, signed Fri Jan 1, 10:01am. Compare what was signed, below, word for word with what you were sent.`,
        EN_RETIRED(w.fp.retired),
        "What was signed:",
        "What: checkpoint on Main",
        "Where: Main St",
        "Reported: Fri Jan 1, 10:01am",
        "Valid until: Fri Jan 1, 2:01pm",
        "🚨 Status: alert #3 is active, valid until Fri Jan 1, 2:01pm.",
      ].join("\n"),
  },
  {
    name: "another network with the same name",
    chat: "main",
    line: () => `/verify ${w.impostor.main}`,
    expected: () =>
      [
        "✅ Genuine, word for word: this is alert #1 of Eastside, signed Fri Jan 1, 10:17am.",
        `Network: Eastside · key ${w.fp.impostor}`,
        `⚠️ This is not from Eastside, the network of this chat: it was signed by another network called Eastside. Eastside's key is ${w.fp.current}.`,
        "What was signed:",
        "What: vans and agents",
        "Where: Elm St",
        "Reported: Fri Jan 1, 10:17am",
        "Valid until: Fri Jan 1, 2:17pm",
        "🚨 Status: alert #1 is active, valid until Fri Jan 1, 2:17pm.",
      ].join("\n"),
  },
  {
    name: "a malformed code",
    chat: "main",
    line: () => "/verify 1.4.0-ABC",
    expected: () => "“1.4.0-ABC” is not a whole signature code. A code looks like 1.7.0-KQ3M9XW2PA: three numbers with dots, a dash, then 10 letters and digits.",
  },
  {
    name: "a code with a Cyrillic letter in it",
    chat: "main",
    line: () => `/verify ${w.active.code.slice(0, -1)}\u0410`,
    expected: () =>
      `“${w.active.code.slice(0, -1)}\u0410” is not a whole signature code. A code looks like 1.7.0-KQ3M9XW2PA: three numbers with dots, a dash, then 10 letters and digits.`,
  },
  {
    name: "an unknown code",
    chat: "main",
    line: () => `/verify ${w.active.code.slice(0, -3)}${w.active.code.endsWith("AAA") ? "BBB" : "AAA"}`,
    expected: () =>
      `❓ Unknown code: no alert has the code ${w.active.code.slice(0, -3)}${w.active.code.endsWith("AAA") ? "BBB" : "AAA"}. Check that you copied it whole. If it came with an alert, that alert is not verified: do not act on it or pass it on; tell a verifier.`,
  },
  {
    name: "a real code's characters under another alert's number",
    chat: "main",
    line: () => `/verify ${w.active.code.replace(/^1\.4\./, "1.3.")}`,
    expected: () =>
      `❓ Unknown code: no alert has the code ${w.active.code.replace(/^1\.4\./, "1.3.")}. Check that you copied it whole. If it came with an alert, that alert is not verified: do not act on it or pass it on; tell a verifier.`,
  },
  {
    name: "no code at all",
    chat: "main",
    line: () => "/verify is this real?",
    expected: () => "I can't find a signature code in that. Send /verify CODE, or /verify followed by the whole alert message.",
  },
  {
    name: "in a chat of no network",
    chat: "elsewhere",
    line: () => `/verify ${w.active.code}`,
    expected: () =>
      [
        activeCode(w.active.code),
        EN_NET(w.fp.current),
        "Compare the key with the one your network published: a network with the same name but another key is not yours.",
        ...ACTIVE_SIGNED_EN,
        ACTIVE_STATUS_EN,
      ].join("\n"),
  },
  {
    name: "in the encrypted verifier chat, which may see the exact place",
    chat: "verif",
    line: () => `/verify ${w.active.code}`,
    expected: () =>
      [activeCode(w.active.code), EN_NET(w.fp.current), ...ACTIVE_SIGNED_EN.map((l) => (l === "Where: Elm St" ? "Where: 1420 Elm St, apt 3" : l)), ACTIVE_STATUS_EN].join(
        "\n",
      ),
  },
  {
    name: "in Spanish: the whole alert",
    chat: "otro",
    line: () => `/verificar ${w.active.otro}`,
    expected: () =>
      [
        "✅ Auténtica, palabra por palabra: es la alerta #4 de Eastside, firmada el viernes 1 de enero a las 10:02.",
        `Red: Eastside · clave ${w.fp.current}`,
        "Lo que se firmó:",
        "Qué: 2 unmarked vans, agents knocking",
        "Qué se vio: ICE",
        "Cuántos: 6",
        "Dónde: Elm St",
        "Reportado: vie 1 ene, 10:02",
        "Vigente hasta: vie 1 ene, 14:02",
        "🚨 Estado: la alerta #4 está vigente hasta el viernes 1 de enero a las 14:02.",
      ].join("\n"),
  },
  {
    name: "in Spanish: a changed word",
    chat: "otro",
    line: () => `/verificar ${w.active.otro.replace("Cuántos: 6", "Cuántos: 20")}`,
    expected: () =>
      [
        `❌ NO es auténtica: ${w.active.code} es un código real de la alerta #4 de Eastside, pero el texto que mandaste no es el que se firmó (cambia en “20”). No actúes ni la reenvíes; avisa al equipo de verificación.`,
        `Red: Eastside · clave ${w.fp.current}`,
        "Lo que se firmó:",
        "Qué: 2 unmarked vans, agents knocking",
        "Qué se vio: ICE",
        "Cuántos: 6",
        "Dónde: Elm St",
        "Reportado: vie 1 ene, 10:02",
        "Vigente hasta: vie 1 ene, 14:02",
        "🚨 Estado: la alerta #4 está vigente hasta el viernes 1 de enero a las 14:02.",
      ].join("\n"),
  },
  {
    name: "in Spanish: an all-clear and an unknown code",
    chat: "otro",
    line: () => `/verificar ${w.allclearMessage.otro}`,
    expected: () =>
      [
        "✅ Auténtica, palabra por palabra: es el aviso de que terminó la alerta #6 de Eastside, firmada el viernes 1 de enero a las 10:17.",
        `Red: Eastside · clave ${w.fp.current}`,
        "Lo que se firmó:",
        "La alerta #6 terminó. Gracias a todas las personas que respondieron.",
        "✅ Estado: ya pasó el peligro. La alerta #6 terminó el viernes 1 de enero a las 10:17.",
      ].join("\n"),
  },
  {
    name: "in Spanish: another network with the same name",
    chat: "otro",
    line: () => `/verificar ${w.impostor.code}`,
    expected: () =>
      [
        `✅ Código auténtico: ${w.impostor.code} es la alerta #1 de Eastside, firmada el viernes 1 de enero a las 10:17. Compara lo que se firmó, abajo, palabra por palabra con lo que te mandaron.`,
        `Red: Eastside · clave ${w.fp.impostor}`,
        `⚠️ Esto no es de Eastside, la red de este chat: lo firmó otra red llamada Eastside. La clave de Eastside es ${w.fp.current}.`,
        "Lo que se firmó:",
        "Qué: vans and agents",
        "Dónde: Elm St",
        "Reportado: vie 1 ene, 10:17",
        "Vigente hasta: vie 1 ene, 14:17",
        "🚨 Estado: la alerta #1 está vigente hasta el viernes 1 de enero a las 14:17.",
      ].join("\n"),
  },
];

describe("/verify: what a member sees", () => {
  it.each(cases)("$name", async ({ chat, line, expected }) => {
    await w.t.say(chat, "Zoe", line());
    expect(last(w.t.group(chat))).toBe(expected());
  });

  it("shows members the same fingerprint in /network info and when a network is made, so a namesake stands out", async () => {
    await w.t.say("main", "Ana", "/network info");
    expect(last(w.t.group("main")).split("\n").pop()).toBe(
      `Alert key: ${w.fp.current}. Every genuine alert of this network checks with /verify against this key; a network with the same name but another key is not this one.`,
    );
    const created = w.t.group("evil").find((m) => m.startsWith("Network “Eastside” is ready"));
    expect(created).toContain(`\nAlert key: ${w.fp.impostor}. `);
    await w.t.say("otro", "Ana", "/red info");
    expect(last(w.t.group("otro"))).toMatch(new RegExp(`^Red “Eastside” \\(id 1\\)\n[^]*\nClave de alertas: ${w.fp.current}\\. `));
  });

  it("never calls a text genuine, nor echoes the exact place, in a plain chat", () => {
    const answers = w.t.group("main").filter((m) => m.startsWith("✅ Genuine") || m.startsWith("✅ Real code"));
    expect(answers.length).toBeGreaterThan(10);
    expect(w.t.group("main").join("\n")).not.toContain("1420");
  });
});
