import { PassThrough } from "node:stream";
import { ConsoleAdapter } from "../../adapters/console/index.js";
import { MemoryAdapter } from "../../adapters/memory/index.js";
import { AdapterError } from "../../src/core/port.js";
import { runAdapterContract } from "./adapter-contract.js";

/** Lines the console printed with a given prefix, without it. */
function printed(output: string, prefix: string): string[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith(`${prefix} `))
    .map((line) => line.slice(prefix.length + 1));
}

runAdapterContract("console", async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  const adapter = new ConsoleAdapter({ input, output, interactive: false, speaker: "Ana" });
  return {
    adapter,
    groupChat: "console:main",
    userId: "ana",
    userSends: async (line) => void input.write(`${line}\n`),
    // The console has no bot account that could type; its own output never comes back as input.
    botSends: async () => {},
    messagesInGroup: async () => printed(text, "[console:main]"),
    directMessages: async () => printed(text, "[dm:ana]"),
    rateLimitNextSend: (ms) => adapter.failNextSend(new AdapterError("RATE_LIMITED", "slow down", ms)),
    close: async () => {
      input.end();
    },
  };
});

runAdapterContract("memory", async () => {
  const adapter = new MemoryAdapter();
  return {
    adapter,
    groupChat: "memory:main",
    userId: "ana",
    userSends: async (line) => {
      const [name = "", ...rest] = line.slice(1).split(" ");
      await adapter.push({
        kind: "command",
        chat: "memory:main",
        author: { id: "ana", displayName: "Ana", isBot: false },
        isDirect: false,
        name,
        args: rest.join(" "),
      });
    },
    botSends: async (line) => {
      const [name = ""] = line.slice(1).split(" ");
      await adapter.push({
        kind: "command",
        chat: "memory:main",
        author: { id: "bot", displayName: "Porchlight", isBot: true },
        isDirect: false,
        name,
        args: "",
      });
    },
    messagesInGroup: async () => adapter.textsTo("memory:main"),
    directMessages: async () => adapter.textsTo("dm:ana"),
    rateLimitNextSend: (ms) => adapter.failNextSend(new AdapterError("RATE_LIMITED", "slow down", ms)),
    close: async () => {},
  };
});
