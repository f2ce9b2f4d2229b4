import { describe, expect, it } from "vitest";
import { registerJobMessages } from "../../src/core/assemble.js";
import { catalogs, isLang, LANGS, langFromLocale, type MessageKey, t } from "../../src/core/i18n/catalog.js";
import { compileMessage, shownArguments } from "../../src/core/i18n/render.js";
import { JOBS } from "../../src/main.js";

// The catalog as the running bot has it: the core's messages and every listed job's.
registerJobMessages(JOBS);

/**
 * These checks read the merged catalogs at run time, so they fail if a key is added to one language
 * only (the key sets differ), if a translation drops or renames a `{placeholder}` (the placeholder
 * sets of that key differ), or if a message is left empty.
 */

const en: Record<string, string> = catalogs.en;
const es: Record<string, string> = catalogs.es;

/** The arguments an ICU message prints (`{name}`), as a sorted list without duplicates. */
function placeholders(template: string): string[] {
  return [...shownArguments("en", template)].sort();
}

describe("message catalogs", () => {
  it("speak exactly English and Spanish", () => {
    expect([...LANGS].sort()).toEqual(Object.keys(catalogs).sort());
  });

  it("have exactly the same keys in English and Spanish", () => {
    const onlyEn = Object.keys(en).filter((k) => !(k in es));
    const onlyEs = Object.keys(es).filter((k) => !(k in en));
    expect({ onlyEn, onlyEs }).toEqual({ onlyEn: [], onlyEs: [] });
    expect(Object.keys(en).length).toBeGreaterThan(50);
  });

  it("use the same placeholders for every key in both languages", () => {
    const mismatched = Object.keys(en)
      .filter((key) => key in es)
      .map((key) => ({ key, en: placeholders(en[key]!), es: placeholders(es[key]!) }))
      .filter((m) => m.en.join() !== m.es.join());
    expect(mismatched).toEqual([]);
  });

  it("have no empty or blank messages", () => {
    for (const [lang, catalog] of Object.entries({ en, es })) {
      const empty = Object.entries(catalog)
        .filter(([, text]) => typeof text !== "string" || text.trim() === "")
        .map(([key]) => `${lang}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it("parse as ICU MessageFormat, so no placeholder is mistyped as {name or name}", () => {
    for (const [lang, catalog] of Object.entries({ en, es })) {
      for (const [key, text] of Object.entries(catalog)) {
        expect(() => compileMessage(lang, text), `${lang}:${key}`).not.toThrow();
      }
    }
  });

  it("actually differ between languages for command summaries (nothing left untranslated)", () => {
    const summaries = Object.keys(en).filter((k) => k.startsWith("cmd."));
    expect(summaries.length).toBeGreaterThan(5);
    const same = summaries.filter((k) => en[k] === es[k]);
    expect(same).toEqual([]);
  });
});

describe("t()", () => {
  it("fills every placeholder with its value", () => {
    expect(t("en", "core.unknownCommand", { name: "zap" })).toBe("I don't know /zap. Send /help to see what I can do.");
    expect(t("es", "core.unknownCommand", { name: "zap" })).toBe("No conozco /zap. Envía /ayuda para ver lo que puedo hacer.");
  });

  it("fills a placeholder used twice, and numbers", () => {
    const text = t("en", "network.inviteCode", { name: "Eastside", code: "AB12", expires: "Sat Dec 5, 10am" });
    expect(text.match(/AB12/g)).toHaveLength(2);
    expect(t("en", "shift.waitlisted", { num: 3, position: 2 })).toContain("number 2");
  });

  it("does not interpret replacement patterns in values", () => {
    expect(t("en", "core.unknownCommand", { name: "$&$1" })).toContain("/$&$1.");
  });

  it("leaves a placeholder without a value visible rather than failing", () => {
    expect(t("en", "core.unknownCommand")).toContain("{name}");
  });

  it("renders every key in both languages with no placeholder left once all are given", () => {
    for (const lang of LANGS) {
      for (const key of Object.keys(en) as MessageKey[]) {
        const params = Object.fromEntries(placeholders(en[key]!).map((p) => [p, "x"]));
        expect(t(lang, key, params), `${lang}:${key}`).not.toMatch(/\{\w+\}/);
      }
    }
  });
});

describe("langFromLocale", () => {
  it.each([
    ["es", "es"],
    ["es-MX", "es"],
    ["es_US", "es"],
    ["ES-ar", "es"],
    ["en", "en"],
    ["en-GB", "en"],
    ["EN_us", "en"],
  ])("reads %s as %s", (locale, lang) => {
    expect(langFromLocale(locale)).toBe(lang);
  });

  it.each([undefined, "", "fr", "pt-BR", "eng", "spanish", "-es"])("gives no language for %j", (locale) => {
    expect(langFromLocale(locale)).toBeUndefined();
  });

  it("isLang accepts only the two languages", () => {
    expect(isLang("en") && isLang("es")).toBe(true);
    expect(isLang("EN") || isLang(null) || isLang(undefined) || isLang("fr")).toBe(false);
  });
});
