import { createHash } from "node:crypto";
import {
  base58Decode,
  findHiddenCharacter,
  findLookalike,
  normaliseForSignature,
  SEAL_LINE,
  splitFirstLine,
  TEXT_FORMAT,
  textSignedBytes,
} from "./pasted.js";

/** A key the page trusts: the network's current key and the retired ones, which still prove what they signed. */
export interface PinnedKey {
  publicKey: string;
  fingerprint: string;
  retired: boolean;
}

/** JSON that cannot end the script element it sits in (a network named `</script>…`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The script of the page: the same reading of a pasted alert as the bot's (the functions of
 * pasted.ts, as their own source), then Ed25519 verification with WebCrypto against the pinned keys.
 */
function pageScript(network: string, keys: PinnedKey[]): string {
  const shared = [normaliseForSignature, findHiddenCharacter, findLookalike, textSignedBytes, splitFirstLine, base58Decode].map((f) => f.toString()).join("\n");
  return `"use strict";
const TEXT_FORMAT = ${JSON.stringify(TEXT_FORMAT)};
const SEAL_LINE = ${SEAL_LINE.toString()};
const NETWORK = ${scriptJson(network)};
const KEYS = ${scriptJson(keys)};
${shared}
function fromB64url(s) {
  const b = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}
function say(kind, en, es) {
  const out = document.getElementById("verdict");
  out.dataset.verdict = kind;
  out.textContent = "";
  for (const line of [en, es]) { const p = document.createElement("p"); p.textContent = line; out.appendChild(p); }
}
async function verifyWith(key, sig, bytes) {
  const k = await crypto.subtle.importKey("raw", fromB64url(key.publicKey), { name: "Ed25519" }, false, ["verify"]);
  return crypto.subtle.verify({ name: "Ed25519" }, k, sig, new TextEncoder().encode(bytes));
}
async function check() {
  const text = document.getElementById("alert").value;
  const seals = text.split(/\\r\\n|\\r|\\n/).map((l) => SEAL_LINE.exec(l)).filter(Boolean);
  if (seals.length === 0) {
    say("no-seal", "This copy has no 🔏 signature line, so this page cannot check it. Paste the whole message, or send /verify with its code to the bot.",
      "Esta copia no tiene la línea de firma 🔏, así que esta página no puede comprobarla. Pega el mensaje entero, o manda /verificar con su código al bot.");
    return;
  }
  if (!(crypto && crypto.subtle)) {
    say("unsupported", "This browser cannot check signatures here. Open this page in a current Chrome, Firefox or Safari.",
      "Este navegador no puede comprobar firmas aquí. Abre esta página en un Chrome, Firefox o Safari reciente.");
    return;
  }
  const sig = base58Decode(seals[seals.length - 1][1]);
  if (!sig || sig.length !== 64) {
    say("not-genuine", "❌ NOT genuine: its 🔏 signature line is damaged or made up.", "❌ NO es auténtica: su línea de firma 🔏 está dañada o es inventada.");
    return;
  }
  const hidden = findHiddenCharacter(text);
  if (hidden) {
    say("not-genuine", "❌ NOT genuine as sent: there is an invisible character (" + hidden.codePoint + ") inside “" + hidden.word + "”. Do not act on it or pass it on.",
      "❌ NO es auténtica tal como llegó: hay un carácter invisible (" + hidden.codePoint + ") dentro de “" + hidden.word + "”. No actúes ni la reenvíes.");
    return;
  }
  const { first, rest } = splitFirstLine(text);
  const candidates = [{ text, marked: false }];
  if (rest) candidates.push({ text: rest, marked: true });
  try {
    for (const c of candidates) {
      for (const key of KEYS) {
        if (await verifyWith(key, sig, textSignedBytes(c.text))) {
          const mark = c.marked ? [" The first line (“" + normaliseForSignature(first) + "”) was added later and is not part of what was signed.",
            " La primera línea (“" + normaliseForSignature(first) + "”) se agregó después y no es parte de lo firmado."] : ["", ""];
          const older = key.retired ? [" (an earlier key of the network, since retired)", " (una clave anterior de la red, ya retirada)"] : ["", ""];
          say("genuine", "✅ Genuine, word for word: signed by " + NETWORK + ", key " + key.fingerprint + older[0] + "." + mark[0] +
              " This page cannot know whether it was updated or cleared since: check its status with /verify CODE.",
            "✅ Auténtica, palabra por palabra: la firmó " + NETWORK + ", clave " + key.fingerprint + older[1] + "." + mark[1] +
              " Esta página no puede saber si se actualizó o terminó después: revisa su estado con /verificar CÓDIGO.");
          return;
        }
      }
    }
  } catch (err) {
    say("unsupported", "This browser cannot check Ed25519 signatures (" + err + "). Open this page in a current Chrome, Firefox or Safari.",
      "Este navegador no puede comprobar firmas Ed25519 (" + err + "). Abre esta página en un Chrome, Firefox o Safari reciente.");
    return;
  }
  const lookalike = findLookalike(text);
  if (lookalike) {
    say("not-genuine", "❌ NOT genuine: the text has a lookalike letter, “" + lookalike.letter + "” (" + lookalike.codePoint + ", not a Latin letter) in “" + lookalike.word + "”. Do not act on it or pass it on.",
      "❌ NO es auténtica: el texto tiene una letra que imita a otra, “" + lookalike.letter + "” (" + lookalike.codePoint + ", no es una letra latina) en “" + lookalike.word + "”. No actúes ni la reenvíes.");
    return;
  }
  say("not-genuine", "❌ NOT genuine: this text is not what " + NETWORK + " signed (a word, a number or the place was changed, or another network signed it). Do not act on it or pass it on.",
    "❌ NO es auténtica: este texto no es el que firmó " + NETWORK + " (se cambió una palabra, un número o el lugar, o lo firmó otra red). No actúes ni la reenvíes.");
}
document.getElementById("check").addEventListener("click", () => { check(); });
if (location.hash.startsWith("#check=")) {
  document.getElementById("alert").value = decodeURIComponent(location.hash.slice(7));
  check();
}
`;
}

/**
 * One self-contained HTML page that checks a pasted alert of one network entirely in the browser:
 * the network's keys are pinned in it, and its Content-Security-Policy allows no request at all
 * (only its own inline script, by hash), so it works offline and tells no server what was checked.
 */
export function verifierPage(input: { network: string; keys: PinnedKey[] }): string {
  const script = pageScript(input.network, input.keys);
  const hash = createHash("sha256").update(script, "utf8").digest("base64");
  const name = escapeHtml(input.network);
  const current = input.keys.find((k) => !k.retired);
  const csp = `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Check an alert of ${name} · Comprueba una alerta de ${name}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.4; }
textarea { width: 100%; min-height: 14rem; font: inherit; }
button { font: inherit; padding: .5rem 1rem; margin-top: .5rem; }
#verdict[data-verdict="genuine"] { color: #064; }
#verdict[data-verdict="not-genuine"] { color: #a00; }
code { word-break: break-all; }
</style>
</head>
<body>
<h1>Check an alert of ${name}</h1>
<p>Paste a whole alert you received, with its last line (🔏), and press Check. Nothing leaves this page: it works offline.<br>
<span lang="es">Pega la alerta entera que recibiste, con su última línea (🔏), y oprime Comprobar. Nada sale de esta página: funciona sin conexión.</span></p>
<p>Key of ${name} · Clave de ${name}: <code>${escapeHtml(current?.fingerprint ?? "")}</code></p>
<textarea id="alert" aria-label="Alert"></textarea>
<button id="check" type="button">Check · Comprobar</button>
<div id="verdict" role="status" data-verdict="none"></div>
<script>${script}</script>
</body>
</html>
`;
}
