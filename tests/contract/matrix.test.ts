import { chatRef } from "../../src/core/port.js";
import { matrixWorld } from "../matrix/setup.js";
import { runAdapterContract } from "./adapter-contract.js";

/** Element sends `/x` itself rather than posting it, so a Matrix person types `!pl x` instead. */
function asMatrixCommand(text: string): string {
  return text.startsWith("/") ? `!pl ${text.slice(1)}` : text;
}

runAdapterContract("matrix (matrix-bot-sdk against a fake homeserver)", async () => {
  const w = await matrixWorld();
  return {
    adapter: w.adapter(),
    groupChat: chatRef("matrix", w.room),
    userId: w.alice.userId,
    userSends: async (text) => void w.hs.sendText(w.room, w.alice.userId, asMatrixCommand(text)),
    botSends: async (text) => void w.hs.sendText(w.room, w.bot.userId, asMatrixCommand(text)),
    messagesInGroup: async () => w.hs.messageBodies(w.room),
    directMessages: async () => w.hs.directRooms(w.bot.userId, w.alice.userId).flatMap((r) => w.hs.messageBodies(r)),
    rateLimitNextSend: (ms) => w.hs.rateLimitNext({ method: "PUT", path: "/send/" }, ms),
    close: () => w.hs.close(),
  };
});
