import { describe, expect, it } from "vitest";
import { foldWord, splitOptions, type Token, tokenize, untokenize } from "../../src/core/commands/grammar.js";
import { parseCommandLine } from "../../src/core/port.js";

/** Tokens as plain texts, for compact expectations. */
const texts = (input: string) => tokenize(input).map((t) => t.text);
const bare = (text: string): Token => ({ text, quoted: false });

describe("tokenize", () => {
  it("splits on whitespace runs of any kind and ignores leading and trailing space", () => {
    expect(texts("  a   b\t\tc\n d ")).toEqual(["a", "b", "c", "d"]);
    expect(texts("a\u00a0b")).toEqual(["a", "b"]);
  });

  it("gives no tokens for an empty or blank line", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("  \t\n ")).toEqual([]);
  });

  it("keeps straight double-quoted stretches together and marks them quoted", () => {
    expect(tokenize('sat "Elm St church" 6')).toEqual([
      { text: "sat", quoted: false },
      { text: "Elm St church", quoted: true },
      { text: "6", quoted: false },
    ]);
  });

  it.each([
    ["curly “”", "“Elm St” 6"],
    ["guillemets «»", "«Elm St» 6"],
    ["straight single ''", "'Elm St' 6"],
    ["curly single ‘’", "‘Elm St’ 6"],
    ["German „“", "„Elm St“ 6"],
  ])("reads %s quotes as phones type them", (_name, input) => {
    expect(tokenize(input)).toEqual([
      { text: "Elm St", quoted: true },
      { text: "6", quoted: false },
    ]);
  });

  it("tells a quoted number (a place called 6) from a bare one", () => {
    expect(tokenize('"6" 6')).toEqual([
      { text: "6", quoted: true },
      { text: "6", quoted: false },
    ]);
  });

  it("lets a quote start mid-token, as in where=\"Main St\"", () => {
    expect(tokenize('where="Main St" 4')).toEqual([
      { text: "where=Main St", quoted: true },
      { text: "4", quoted: false },
    ]);
  });

  it("keeps apostrophes inside words as letters", () => {
    expect(texts("O'Brien St")).toEqual(["O'Brien", "St"]);
    expect(texts("calle d'Or")).toEqual(["calle", "d'Or"]);
    expect(texts("it's 'the corner'")).toEqual(["it's", "the corner"]);
    // iOS smart punctuation turns the apostrophe into ’, which is not an opening quote.
    expect(texts("O’Brien St")).toEqual(["O’Brien", "St"]);
  });

  it("runs an unclosed quote to the end of the line instead of failing", () => {
    expect(tokenize('6 "Elm St church')).toEqual([
      { text: "6", quoted: false },
      { text: "Elm St church", quoted: true },
    ]);
    expect(tokenize("«calle Mayor")).toEqual([{ text: "calle Mayor", quoted: true }]);
  });

  it("keeps an empty quoted argument as an empty quoted token", () => {
    expect(tokenize('"" x')).toEqual([
      { text: "", quoted: true },
      { text: "x", quoted: false },
    ]);
  });

  it("keeps whitespace inside quotes verbatim", () => {
    expect(texts('"a  b\tc"')).toEqual(["a  b\tc"]);
  });

  it("round-trips unquoted words through untokenize", () => {
    expect(untokenize(tokenize("  bring   water and\tsnacks "))).toBe("bring water and snacks");
  });
});

describe("splitOptions", () => {
  const keys = ["where", "cap"];
  const aliases = { donde: "where", dónde: "where", plazas: "cap" };

  it("takes known key=value tokens out and leaves the rest positional", () => {
    const { positional, options } = splitOptions(tokenize('sat where="Main St" cap=4 note'), keys);
    expect(options).toEqual({ where: "Main St", cap: "4" });
    expect(positional.map((t) => t.text)).toEqual(["sat", "note"]);
  });

  it("maps Spanish keys, with or without accents as listed, to the canonical key", () => {
    const { positional, options } = splitOptions(tokenize("sábado dónde=plaza PLAZAS=3"), keys, aliases);
    expect(options).toEqual({ where: "plaza", cap: "3" });
    expect(positional.map((t) => t.text)).toEqual(["sábado"]);
    expect(splitOptions([bare("donde=esquina")], keys, aliases).options).toEqual({ where: "esquina" });
  });

  it("leaves unknown keys, a leading '=' and plain words positional", () => {
    const input = [bare("colour=red"), bare("=x"), bare("plain")];
    const { positional, options } = splitOptions(input, keys, aliases);
    expect(options).toEqual({});
    expect(positional).toEqual(input);
  });

  it("keeps everything after the first '=' in the value", () => {
    expect(splitOptions([bare("where=a=b")], keys).options).toEqual({ where: "a=b" });
    expect(splitOptions([bare("where=")], keys).options).toEqual({ where: "" });
  });
});

describe("parseCommandLine", () => {
  it("reads the command word and the rest of the line", () => {
    expect(parseCommandLine("/shift new sat 10am 2h")).toEqual({ name: "shift", args: "new sat 10am 2h" });
    expect(parseCommandLine("/help")).toEqual({ name: "help", args: "" });
    expect(parseCommandLine("  /ayuda   turno  ")).toEqual({ name: "ayuda", args: "turno" });
  });

  it("drops a Telegram @BotName suffix", () => {
    expect(parseCommandLine("/signup@PorchlightBot 3")).toEqual({ name: "signup", args: "3" });
    expect(parseCommandLine("/help@porchlight_bot")).toEqual({ name: "help", args: "" });
  });

  it("lower-cases the command word but keeps the arguments as typed", () => {
    expect(parseCommandLine("/SIGNUP Elm")).toEqual({ name: "signup", args: "Elm" });
    expect(parseCommandLine("/APÚNTAME 3")).toEqual({ name: "apúntame", args: "3" });
  });

  it("accepts unicode command words and hyphens", () => {
    expect(parseCommandLine("/llegué 2")).toEqual({ name: "llegué", args: "2" });
    expect(parseCommandLine("/señal x")).toEqual({ name: "señal", args: "x" });
    expect(parseCommandLine("/darme-de-baja 4")).toEqual({ name: "darme-de-baja", args: "4" });
  });

  it("keeps line breaks inside the arguments", () => {
    expect(parseCommandLine("/shift new sat 10am 2h Elm 6 line one\nline two")).toEqual({
      name: "shift",
      args: "new sat 10am 2h Elm 6 line one\nline two",
    });
  });

  it.each(["hello", "", "/", "/ help", "//help", "/a/b", "/x@ 3", "!pl help", "help /signup"])("refuses %j as not a command", (line) => {
    expect(parseCommandLine(line)).toBeNull();
  });

  // Bug (src/core/port.ts, not mine to fix): the command-word class [\p{L}\p{N}_-] has no \p{M},
  // so a word typed in decomposed form (macOS, some Android keyboards: "u" + U+0301) is not a
  // command at all. Fix: normalize("NFC") the line first, or add \p{M} to the class.
  it("reads a command word typed with a decomposed accent (NFD)", () => {
    expect(parseCommandLine("/apu\u0301ntame 3")).toEqual({ name: "apúntame", args: "3" });
  });
});

describe("foldWord", () => {
  it("lower-cases and strips accents so Spanish words match however they are typed", () => {
    expect(foldWord("APÚNTAME")).toBe("apuntame");
    expect(foldWord("Llegué")).toBe("llegue");
    expect(foldWord("ñandú")).toBe("nandu");
    expect(foldWord("Coordinación")).toBe("coordinacion");
  });

  it("folds composed and decomposed spellings to the same word", () => {
    expect(foldWord("apu\u0301ntame")).toBe(foldWord("apúntame"));
  });

  it("leaves plain words alone", () => {
    expect(foldWord("signup")).toBe("signup");
    expect(foldWord("")).toBe("");
  });
});

describe("backslash escapes inside double quotes", () => {
  it("keeps an escaped quote and backslash, as Discord option values are quoted", async () => {
    const { tokenize } = await import("../../src/core/commands/grammar.js");
    expect(tokenize(String.raw`new "say \"hi\" at C:\\doors" 3`)).toEqual([
      { text: "new", quoted: false },
      { text: String.raw`say "hi" at C:\doors`, quoted: true },
      { text: "3", quoted: false },
    ]);
    // Outside quotes a backslash is an ordinary character.
    expect(tokenize(String.raw`a\b`)).toEqual([{ text: String.raw`a\b`, quoted: false }]);
  });
});
