import type { Message, User } from "grammy/types";
import { expect } from "vitest";
import { MAX_CALLBACK_BYTES } from "../../adapters/telegram/callback-data.js";
import { configSchema } from "../../src/config/schema.js";
import { ManualClock } from "../../src/core/clock.js";
import { buildPlatformAdapters, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { eventually } from "../contract/adapter-contract.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { silentLog, TEST_KEY, tempDir } from "../support/app.js";
import { maskRandom } from "../support/golden.js";

/** The Spanish story on the Telegram fake: its transcript (masked) and how to end it. */
export interface TelegramStory {
  transcript: string;
  close(): Promise<void>;
}

/**
 * The same network as the console story, in a Telegram group whose members' phones are in Spanish:
 * every new bot message in the group and in each private chat is written down after each step, with
 * button labels and the short answers to presses (edits of a message are not: they land at no fixed step).
 */
export async function spanishTelegramStory(now: number): Promise<TelegramStory> {
  const temp = tempDir("porchlight-golden-tg-");
  const fake = await FakeTelegram.start();
  const person = (first_name: string) => fake.addUser({ first_name, language_code: "es" });
  const [lupe, rosa, beto, marisol, chuy, tono] = ["Lupe", "Rosa", "Beto", "Marisol", "Chuy", "Toño"].map(person) as [User, User, User, User, User, User];
  const people = [lupe, rosa, beto, marisol, chuy, tono];
  const group = fake.addGroup({ title: "Vecinos del Este", memberIds: people.map((p) => p.id) });
  const config = configSchema.parse({ database: { path: `${temp.dir}/porchlight.db` }, telegram: { token: fake.token, apiRoot: fake.apiRoot } });
  const adapters = await buildPlatformAdapters(config, silentLog);
  // The story posts more in one group than Telegram's 20 a minute, faster than a real group would;
  // this fake does not enforce the limit, so the pacer is told the group may take it.
  for (const a of adapters) Object.assign(a, { pacing: { ...a.pacing, perChat: { limit: 1000, windowMs: 60_000 } } });
  const app = createApp({
    config,
    adapters,
    log: silentLog,
    clock: new ManualClock(now),
    store: openStore({ path: config.database.path, key: TEST_KEY }),
  });
  await app.start();
  const close = async () => {
    await app.stop({ flush: true });
    await fake.close();
    temp.cleanup();
  };

  const chats: [number, string][] = [[group.chat.id, "grupo"], ...people.map((p): [number, string] => [p.id, `privado ${p.first_name}`])];
  const seen = new Map<string, string>();
  const lines: string[] = [];
  const fromBot = (m: Message) => m.from?.id === fake.bot.id;
  const body = (m: Message) => {
    const text = ("text" in m && m.text) || (m.caption ? `[foto] ${m.caption}` : "");
    const buttons = (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => `[${b.text}]`);
    return buttons.length ? `${text}\n  ${buttons.join(" ")}` : text;
  };
  const botCount = () => chats.reduce((n, [id]) => n + fake.messages(id).filter(fromBot).length, 0);
  /** Write down what the bot posted or changed since the last step, chat by chat. */
  const note = async () => {
    await app.delivery.flush(10_000);
    for (const [id, name] of chats) {
      for (const m of fake.messages(id).filter(fromBot)) {
        const key = `${id}:${m.message_id}`;
        const text = body(m);
        // A message redrawn after a press (a shift card) lands whenever the edit does: only new ones are written down.
        if (seen.has(key)) continue;
        lines.push(`  → ${name}: ${text.split("\n").join("\n    ")}`);
        seen.set(key, text);
      }
    }
  };
  const say = async (chat: number, who: User, text: string) => {
    const before = botCount();
    lines.push(`${who.first_name} en ${chat === group.chat.id ? "el grupo" : "privado"}: ${text}`);
    fake.userSends(chat, who, text);
    await eventually(() => expect(botCount(), lines.slice(-6).join("\n")).toBeGreaterThan(before));
    await note();
  };
  const lastWithButton = (chat: number, label: string) => {
    const found = [...fake.messages(chat)].reverse().find((m) => fromBot(m) && (m.reply_markup?.inline_keyboard ?? []).flat().some((b) => b.text === label));
    if (!found) throw new Error(`no button ${label} in ${chat}`);
    return found;
  };
  const press = async (chat: number, who: User, label: string) => {
    const message = lastWithButton(chat, label);
    for (const b of (message.reply_markup?.inline_keyboard ?? []).flat()) {
      expect(Buffer.byteLength((b as { callback_data?: string }).callback_data ?? "", "utf8")).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    }
    lines.push(`${who.first_name} toca [${label}]${chat === group.chat.id ? " en el grupo" : ""}`);
    const id = fake.pressButton(chat, message.message_id, who, label);
    await eventually(() => expect(fake.callbackQuery(id)?.answer).toBeDefined());
    const answer = fake.callbackQuery(id)?.answer?.text;
    if (answer) lines.push(`  (aviso para ${who.first_name}): ${answer}`);
    await note();
  };
  const g = group.chat.id;

  for (const p of people) {
    lines.push(`${p.first_name} abre el chat privado con el bot`);
    fake.pressStart(p);
    await eventually(() => expect(fake.messages(p.id).filter(fromBot).length).toBeGreaterThan(0));
    await note();
  }
  await say(g, lupe, "/red crear Vecinos del Este");
  await say(g, lupe, "/red zona America/Los_Angeles");
  await say(g, rosa, "/turnos");
  await say(g, beto, "/ayuda apuntarme");
  await say(g, marisol, "/misturnos");
  await say(g, chuy, "/red clave");
  await say(g, tono, "/turnos");
  for (const [who, role] of [[rosa, "coordinacion"], [chuy, "verificacion"], [tono, "verificacion"]] as const) {
    await say(g, lupe, `/rol dar ${who.first_name} ${role}`);
    await press(lupe.id, lupe, "Confirmar");
  }
  await say(g, rosa, '/turno nuevo mañana a las 6 y media 2h "2209 Hollowell St" 2 traigan agua área="Iglesia del Este"');
  // The which-date question's buttons fit Telegram's limit (checked in press) and answer it.
  await press(g, rosa, "mié 2 dic, 18:30");
  await press(g, beto, "Apuntarme #1");
  await say(g, marisol, "/apuntarme 1");
  await say(g, tono, "/apuntarme 1");
  await say(g, beto, "/baja 1");
  await say(g, rosa, "/lista 1");
  await say(g, rosa, '/busqueda nueva "Redada en la Cuarta" "Calle 4 y Soto" ayer a las 5:30');
  await say(g, rosa, '/busqueda nueva "Redada en la Cuarta" "Calle 4 y Soto" ayer a las 5:30 de la mañana');
  await say(g, rosa, '/busqueda cuadras 1 C1 "Soto 100-200" C2 C3');
  await say(g, marisol, "/tomar 1 C1");
  await say(g, marisol, "/informe 1 C1 puertas=12 abrieron=5 camaras=3 videos=1 la casa azul tiene timbre con cámara");
  await say(g, rosa, "/busqueda estado 1");
  await say(g, beto, '/alerta Camionetas sin placas en la Cuarta y Soto donde="Calle 4 y Soto" que=ICE cuantos=3 testigo=si');
  await press(chuy.id, chuy, "Confirmar #1");
  await say(tono.id, tono, "/confirmar 1 enellugar");
  const code = /\/verificar (\S+)\)/.exec(fake.texts(g).join("\n"))?.[1];
  if (!code) throw new Error("the broadcast carries no signature code");
  await say(marisol.id, marisol, `/verificar ${code}`);
  await say(marisol.id, marisol, "/privacidad");
  return { transcript: `${maskRandom(lines.join("\n"))}\n`, close };
}
