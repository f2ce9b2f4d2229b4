import { createTelegramAdapter } from "../../adapters/telegram/index.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { type ContractHarness, runAdapterContract, silentLogger } from "./adapter-contract.js";

runAdapterContract("telegram", async (): Promise<ContractHarness> => {
  const fake = await FakeTelegram.start();
  const person = fake.addUser({ first_name: "Rosa", language_code: "es" });
  fake.markStarted(person);
  const group = fake.addGroup({ title: "Contract group", memberIds: [person.id] });
  const adapter = createTelegramAdapter(
    { token: fake.token, apiRoot: fake.apiRoot, pollTimeoutSeconds: 5 },
    { log: silentLogger },
  );
  return {
    adapter,
    groupChat: `telegram:${group.chat.id}`,
    userId: String(person.id),
    userSends: async (text) => void fake.userSends(group.chat.id, person, text),
    botSends: async (text) => void fake.userSends(group.chat.id, fake.bot, text),
    messagesInGroup: async () => fake.texts(group.chat.id),
    directMessages: async () => fake.texts(person.id),
    rateLimitNextSend: (ms) => fake.failNext({ kind: "rate-limit", retryAfterS: Math.ceil(ms / 1000) }),
    close: () => fake.close(),
  };
});
