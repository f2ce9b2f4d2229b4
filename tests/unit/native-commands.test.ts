import { afterEach, describe, expect, it } from "vitest";
import { asWritten, CommandRefs } from "../../src/core/commands/command-refs.js";
import { editDistance, suggestCommand } from "../../src/core/commands/suggest.js";
import { buildRegistry } from "../../src/main.js";
import { last, startTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
afterEach(async () => t?.close());

/** What `chat` received for `line` typed by `who` (a long answer comes in several messages). */
async function answer(who: string, line: string, chat = "main"): Promise<string> {
  const before = t.group(chat).length;
  await t.say(chat, who, line);
  return t.group(chat).slice(before).join("\n");
}

describe("an unknown command suggests the nearest one", () => {
  it("measures a swap of two neighbours as one edit", () => {
    expect(editDistance("shfit", "shift")).toBe(1);
    expect(editDistance("turnso", "turnos")).toBe(1);
    expect(editDistance("hello", "help")).toBe(2);
  });

  it("suggests in the reader's words, and nothing for a word far from every command", () => {
    const registry = buildRegistry();
    expect(suggestCommand(registry, "shfit", "en")).toBe("shift");
    expect(suggestCommand(registry, "turnso", "es")).toBe("turnos");
    expect(suggestCommand(registry, "apuntrame", "es")).toBe("apuntarme");
    expect(suggestCommand(registry, "ayudaa", "es")).toBe("ayuda");
    expect(suggestCommand(registry, "hello", "en")).toBeNull();
    expect(suggestCommand(registry, "nope", "en")).toBeNull();
    expect(suggestCommand(registry, "xyzzy", "en")).toBeNull();
  });

  it("answers a mistyped command with a suggestion, in English and Spanish", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", "/shfit new sat 10am 2h Elm 3");
    expect(last(t.group("main"))).toBe("I don't know /shfit. Did you mean /shift?");
    await t.say("main", "Lena", "/nope");
    expect(last(t.group("main"))).toBe("I don't know /nope. Send /help to see what I can do.");
    await t.say("main", "Lena", "/lang es");
    await t.say("main", "Ana", "/trunos");
    expect(last(t.group("main"))).toBe("No conozco /trunos. ¿Quisiste decir /turnos?");
    await t.say("main", "Ana", "/ayuda trunos");
    expect(last(t.group("main"))).toBe("No conozco /trunos. ¿Quisiste decir /turnos?");
  });
});

describe("/help", () => {
  it("lists what the member may use here, each role in parentheses as the heading says", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    const list = await answer("Ana", "/help");
    expect(list.split("\n")[0]).toBe(
      "Commands you can use here. A role in parentheses means the command needs it; words in [brackets] may be left out. /help COMMAND explains one.",
    );
    expect(list).toContain("/signup ID\n");
    // Ana holds no role: nothing that needs one is listed, so no mark either.
    expect(list).not.toContain("/shift new");
    expect(list).not.toContain("(lead)");
    const admin = await answer("Lena", "/help");
    expect(admin).toContain("/shift new WHEN DURATION PLACE CAPACITY [NOTE…] (lead)\n");
    expect(admin).toContain("/role grant [MEMBER] ROLE (admin)\n");
    expect(admin).not.toMatch(/\[(lead|admin|verifier)\]/);
  });

  it("leaves out group-only commands in a private chat", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.dm("Lena", "/help");
    expect(t.inbox("Lena").join("\n")).toContain("/network invite");
    expect(t.inbox("Lena").join("\n")).not.toContain("/network link");
    expect(await answer("Lena", "/help")).toContain("/network link CODE…");
  });

  it("explains a command the asker may not run, and says which role it needs, in English and Spanish", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Ana", "/help confirm");
    expect(last(t.group("main"))).toBe(
      [
        "/confirm ID [wide] [onscene] [NOTE…]",
        "    Confirm a report (verifiers); add onscene if you are there.",
        "    Also written: /confirmar",
        "    Needs the verifier role. An admin gives roles with /role grant. You can't use it here yet.",
      ].join("\n"),
    );
    await t.say("main", "Lena", "/lang es");
    await t.say("main", "Ana", "/ayuda turno nuevo");
    const shown = last(t.group("main"));
    expect(shown).toMatch(/^\/turno nuevo CUÁNDO DURACIÓN LUGAR CUPO \[NOTA…\]\n/);
    expect(shown).toContain("    También se escribe: /shift new\n");
    expect(shown).toContain("    Necesita el rol de coordinación. Quien administra la red da los roles con /rol dar. Aquí todavía no lo puedes usar.");
    await t.say("main", "Ana", "/ayuda red enlazar");
    expect(last(t.group("main"))).toContain("    Funciona en los chats de grupo de la red, no en un chat privado.");
    await t.say("main", "Lena", "/ayuda apuntarme");
    expect(last(t.group("main"))).toContain("    Cualquier miembro de la red puede usarlo, en los chats de la red.");
  });
});

describe("small frictions", () => {
  it("answers /start in a group as a group", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/start");
    expect(last(t.group("main"))).toMatch(/^Hi, I'm Porchlight\. This group is not part of a network yet: send \/network create NAME/);
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", "/start");
    expect(last(t.group("main"))).toBe(
      "Hi, I'm Porchlight, and this group is part of a network. /help lists what you can do here. To get my private messages, open a private chat with me and send /start there.",
    );
    await t.dm("Lena", "/start");
    expect(last(t.inbox("Lena"))).toBe("Hi! Private messages from me will arrive in this chat.");
    await t.say("main", "Lena", "/lang es");
    await t.say("main", "Lena", "/start");
    expect(last(t.group("main"))).toMatch(/^Hola, soy Porchlight, y este grupo es parte de una red\./);
  });

  it("takes an invite code typed with spaces and in any case", async () => {
    t = await startTestApp();
    await t.say("east", "Lena", "/network create Eastside");
    await t.say("east", "Lena", "/network invite");
    const code = /\/network link (\S+)/.exec(last(t.inbox("Lena")))![1]!;
    await t.say("second", "Ana", `/network link ${code.toLowerCase().replace(/-/g, " ")}`);
    expect(t.group("second").some((m) => m.startsWith("This chat is now part of the network “Eastside”."))).toBe(true);
  });

  it("adds blocks without labels, and B1..BN (C1..CN in Spanish) from a count, after those a canvass has", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", "/role grant Lena lead");
    await t.say("main", "Lena", '/canvass new "Elm raid" "Elm & 5th"');
    await t.say("main", "Lena", "/canvass blocks 1 B1 B2 B3");
    expect(last(t.group("main"))).toBe("Canvass #1: added 3 blocks (B1, B2, B3). Members take one with /claim 1 B1.");
    await t.say("main", "Lena", '/canvass blocks 1 B4 "Pine St" B5');
    expect(last(t.group("main"))).toBe("Canvass #1: added 2 blocks (B4, B5). Members take one with /claim 1 B4.");
    await t.say("main", "Lena", '/canvass new "Oak raid" "Oak & 1st"');
    await t.say("main", "Lena", "/canvass blocks 2 12");
    expect(last(t.group("main"))).toBe("Canvass #2: added 12 blocks (B1, B2, B3, B4, B5, B6, B7, B8, B9, B10, B11, B12). Members take one with /claim 2 B1.");
    // A count on a canvass that has blocks adds that many more, after the ones it has.
    await t.say("main", "Lena", "/canvass blocks 2 3");
    expect(last(t.group("main"))).toBe("Canvass #2: added 3 blocks (B13, B14, B15). Members take one with /claim 2 B13.");
    await t.say("main", "Lena", "/canvass blocks 2 B16");
    await t.say("main", "Lena", "/canvass blocks 2 B16");
    expect(last(t.group("main"))).toBe("Block B16 is already in this canvass (or given twice).");
    await t.say("main", "Lena", "/lang es");
    await t.say("main", "Lena", '/sondeo bloques 1 "Pine"');
    expect(last(t.group("main"))).toBe('“Pine” es una etiqueta sin id de cuadra antes. Escribe primero el id, p. ej. C1 "Main St 100-200"; las etiquetas son opcionales.');
    // In Spanish a count makes cuadras C1..CN.
    await t.say("main", "Lena", '/busqueda nueva "Redada en Soto" "Soto y 4"');
    await t.say("main", "Lena", "/busqueda cuadras 3 3");
    expect(last(t.group("main"))).toMatch(/^Búsqueda de videos #3: .*C1, C2, C3/);
  });
});

describe("command references follow the platform's way of typing commands", () => {
  const refs = new CommandRefs(buildRegistry());

  it("rewrites known commands with the prefix, and nothing else", () => {
    expect(refs.render("To add another chat, send /network invite.", "!pl ")).toBe("To add another chat, send !pl network invite.");
    expect(refs.render("Envía /ayuda o “/turnos”.", "!pl ")).toBe("Envía !pl ayuda o “!pl turnos”.");
    expect(refs.render("/help lists everything", "!pl ")).toBe("!pl help lists everything");
    // Not commands: a time zone, a date, a URL, an unknown word, a slash inside a word.
    const plain = "America/Chicago on 5/12, see https://example.org/help and /xyzzy, and/or";
    expect(refs.render(plain, "!pl ")).toBe(plain);
    expect(refs.render("send /network invite", "/")).toBe("send /network invite");
  });

  it("rewrites our hints but never what a member wrote, and leaves no mark behind on any platform", () => {
    const card = `Note: ${asWritten("bring /signup sheets, ask /help desk")}\nSend /cancel 1 if you can't make it.`;
    expect(refs.forChat({ text: card }, { commandPrefix: "!pl " }).text).toBe("Note: bring /signup sheets, ask /help desk\nSend !pl cancel 1 if you can't make it.");
    expect(refs.forChat({ text: card }, {}).text).toBe("Note: bring /signup sheets, ask /help desk\nSend /cancel 1 if you can't make it.");
    // A member's text cannot close its own span early to get rewritten, or leave a mark.
    const sly = `${asWritten("x \uE001 /signup")} /help`;
    expect(refs.forChat({ text: sly }, { commandPrefix: "!pl " }).text).toBe("x  /signup !pl help");
  });

  it("leaves a verbatim (signed) message exactly as it is", () => {
    const msg = { text: "Signature: X (check with /verify X)", verbatim: true };
    expect(refs.forChat(msg, { commandPrefix: "!pl " })).toBe(msg);
    expect(refs.forChat({ text: "send /verify" }, { commandPrefix: "!pl " }).text).toBe("send !pl verify");
  });
});
