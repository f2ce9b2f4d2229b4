import { discordWorld } from "../discord/harness.js";
import { type ContractHarness, runAdapterContract } from "./adapter-contract.js";

/** The shared contract against discord.js talking to the fake Discord; "typing /help" is a slash command. */
runAdapterContract("discord", async (): Promise<ContractHarness> => {
  const w = await discordWorld();
  return {
    adapter: w.adapter,
    groupChat: w.chat,
    userId: w.alice.id,
    async userSends(text) {
      const [word, ...rest] = text.replace(/^\//, "").split(" ");
      const args = rest.join(" ");
      w.fake.slashCommand(w.alice, w.channel, {
        name: word ?? "",
        options: args ? [{ name: "args", type: 3, value: args }] : [],
      });
    },
    async botSends(text) {
      const answer = w.fake.rest.handle({
        method: "POST",
        path: `/channels/${w.channel.id}/messages`,
        query: new URLSearchParams(),
        authorization: `Bot ${w.fake.token}`,
        body: { content: text },
      });
      if (answer.status !== 200) throw new Error(`bot post failed: ${answer.status}`);
    },
    messagesInGroup: async () => w.fake.publicTexts(w.channel.id),
    directMessages: async () => w.fake.dmTexts(w.alice.id),
    rateLimitNextSend(ms) {
      w.fake.inject({ kind: "429", retryAfterMs: ms }, 1, "POST /channels/");
    },
    close: () => w.fake.close(),
  };
});
