import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { catalogs, LANGS, type Lang, type MessageKey, t } from "../../src/core/i18n/catalog.js";
import { messageArguments, shownArguments } from "../../src/core/i18n/render.js";

/**
 * Renders every message in both languages with the counts 0, 1, 2 and 5 (and every option of each
 * select), and fails on the disagreements a reader would notice: "1 blocks", "the 0 people who
 * were", a placeholder left unfilled, an English word in a Spanish message, a word the Spanish
 * notes (shared/notes/spanish.md) ask us not to use.
 */

const COUNTS = [0, 1, 2, 5] as const;

/** Arguments that hold numbers even where no plural reads them (ids, counts shown as figures). */
const NUMERIC = new Set([
  "num", "lead", "count", "k", "chats", "total", "doors", "answered", "cameras", "footage", "custody", "quorum",
  "confirm", "reject", "eligible", "waiting", "sent", "failed", "confirmed", "capacity", "position", "n", "entry",
  "days", "minutes", "max", "length", "members", "index", "column", "added",
]);

/** Plausible values for the other arguments. */
const SAMPLES: Record<string, string> = {
  when: "Sat Dec 5, 10:00",
  end: "12:00",
  place: "2209 Hollowell St",
  name: "Eastside",
  member: "Ana",
  who: "Ana",
  title: "Elm raid",
  block: "B1",
  label: "Main St 100-200",
  tz: "America/Los_Angeles",
};

/** Plural nouns that must never follow a bare 1. */
const PLURAL_NOUNS: Record<Lang, readonly string[]> = {
  en: [
    "entries", "blocks", "chats", "verifiers", "cameras", "people", "places", "reports", "networks", "seconds", "minutes",
    "hours", "leads", "doors", "roles", "messages", "records", "shifts", "sign-ups", "votes", "times", "confirmations",
    "rejections", "members", "days", "characters", "weeks", "persons",
  ],
  es: [
    "lugares", "cámaras", "videos", "cuadras", "bloques", "entradas", "chats", "personas", "reportes", "redes", "segundos",
    "minutos", "horas", "puertas", "roles", "mensajes", "registros", "turnos", "inscripciones", "votos", "veces",
    "confirmaciones", "rechazos", "verificadores", "miembros", "días", "caracteres", "semanas", "informes", "asegurados",
  ],
};

/** English words that would mean a Spanish message was left half translated. */
const ENGLISH_WORDS = [
  "the", "and", "you", "your", "is", "are", "please", "block", "blocks", "shift", "shifts", "canvass", "footage",
  "waitlist", "lead", "leads", "sign", "with", "from", "people", "report", "alert", "all", "clear", "here",
];

/** Words the Spanish notes replace (see shared/notes/spanish.md), and guillemets. */
const AVOIDED_SPANISH = [/\bbloques?\b/i, /\bsondeos?\b/i, /\bañad/i, /[«»]/, /\bpersonas de verificación\b/i, /\b(?:ahora )?son las (?:lun|mar|mié|jue|vie|sáb|dom)\b/i];

interface AstElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstElement[] }>;
}

/** Each select argument of a message with its option keys. */
function selectOptions(lang: Lang, source: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (elements: readonly AstElement[]): void => {
    for (const e of elements) {
      if (e.type === 5 && typeof e.value === "string") found.set(e.value, Object.keys(e.options ?? {}));
      for (const option of Object.values(e.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(source, lang, undefined, { ignoreTag: true }).getAst() as unknown as AstElement[]);
  return found;
}

/** Every rendering of `key` in `lang`: each count, each select option. */
function renderings(lang: Lang, key: MessageKey): { count: number; text: string }[] {
  const source: string = catalogs[lang][key];
  const args = messageArguments(lang, source);
  const selects = selectOptions(lang, source);
  const variants = Math.max(1, ...[...selects.values()].map((o) => o.length));
  const out: { count: number; text: string }[] = [];
  for (const count of COUNTS) {
    for (let v = 0; v < variants; v++) {
      const params: Record<string, string | number> = {};
      for (const name of args) {
        const options = selects.get(name);
        if (options) params[name] = options[v % options.length]!;
        else if (NUMERIC.has(name)) params[name] = count;
        else params[name] = SAMPLES[name] ?? "Elm St";
      }
      out.push({ count, text: t(lang, key, params) });
    }
  }
  return out;
}

const keys = Object.keys(catalogs.en) as MessageKey[];

describe("every message, rendered with 0, 1, 2 and 5", () => {
  it("exists in both languages", () => {
    const en = Object.keys(catalogs.en);
    const es = Object.keys(catalogs.es);
    expect({ onlyEn: en.filter((k) => !es.includes(k)), onlyEs: es.filter((k) => !en.includes(k)) }).toEqual({ onlyEn: [], onlyEs: [] });
  });

  it("uses only arguments it knows, the same in both languages", () => {
    // One language may choose a form by an argument the other does not need (Spanish "se borra" /
    // "se borran" by count), but every value shown in one is shown in the other.
    const unknown: string[] = [];
    for (const key of keys) {
      const en = shownArguments("en", catalogs.en[key]);
      const es = shownArguments("es", catalogs.es[key]);
      const all = { en: messageArguments("en", catalogs.en[key]), es: messageArguments("es", catalogs.es[key]) };
      const onlyOne = [...en].filter((a) => !all.es.has(a)).concat([...es].filter((a) => !all.en.has(a)));
      if (onlyOne.length > 0) unknown.push(`${key}: ${onlyOne.join(", ")}`);
    }
    expect(unknown).toEqual([]);
  });

  for (const lang of LANGS) {
    describe(lang, () => {
      const all = keys.flatMap((key) => renderings(lang, key).map((r) => ({ key, ...r })));
      const nouns = new RegExp(`(?<![\\p{L}\\p{N}#.,:/=-])1 (?:${PLURAL_NOUNS[lang].join("|")})(?![\\p{L}\\p{N}=-])`, "iu");

      it("leaves no placeholder unfilled", () => {
        expect(all.filter((r) => /\{\w+\}/.test(r.text)).map((r) => `${r.key}: ${r.text}`)).toEqual([]);
      });

      it("never puts a plural noun after 1", () => {
        expect(all.filter((r) => nouns.test(r.text)).map((r) => `${r.key}: ${r.text}`)).toEqual([]);
      });

      it("never tells of 0 people who were there", () => {
        const zero = /(?<![\p{N}])0 (?:people|persons?|personas?) (?:who|que)|\bthe 0 |\blas? 0 /iu;
        expect(all.filter((r) => zero.test(r.text)).map((r) => `${r.key}: ${r.text}`)).toEqual([]);
      });

      if (lang === "en") {
        it("uses an before a vowel sound (an admin, a lead)", () => {
          expect(all.filter((r) => /\ba (?:admin|[aeio](?!ne\b|nce\b)\w)/u.test(r.text)).map((r) => `${r.key}: ${r.text}`)).toEqual([]);
        });
      } else {
        it("has no English words left in Spanish", () => {
          // Examples people type (street names in quotes, commands, code) may be English.
          const words = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${ENGLISH_WORDS.join("|")})(?![\\p{L}\\p{N}_])`, "iu");
          const strip = (text: string) => text.replace(/`[^`]*`|"[^"]*"|“[^”]*”|\/\S+|\S+=\S*|porchlight \w+/gu, "");
          expect(all.filter((r) => words.test(strip(r.text))).map((r) => `${r.key}: ${r.text}`)).toEqual([]);
        });

        it("says it the way Los Angeles does (cuadra, búsqueda de videos, agregar, “comillas”)", () => {
          expect(all.filter((r) => AVOIDED_SPANISH.some((p) => p.test(r.text))).map((r) => `${r.key}: ${r.text}`)).toEqual([]);
        });

        it("agrees in number: queda 1 / quedan 2, siguen 2", () => {
          const bad = /\b(?:quedan|siguen|están|son) 1\b|\b(?:queda|sigue) [2-9]\b/u;
          expect(all.filter((r) => bad.test(r.text)).map((r) => `${r.key}: ${r.text}`)).toEqual([]);
        });
      }
    });
  }
});
