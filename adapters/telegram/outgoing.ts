import { type Bot, InputFile } from "grammy";
import type { Logger, Outbound, SendResult } from "../../src/core/port.js";
import type { ApiCalls } from "./api-calls.js";
import { encodeCallbackData } from "./callback-data.js";
import type { Signer } from "./signing.js";
import { toInlineKeyboard } from "./translate.js";

/** Telegram's limit on a photo caption; a longer text follows the photo as its own message. */
const MAX_CAPTION = 1024;

/** Posting to Telegram: a text with its inline keyboard, or a photo with its caption. */
export class Outgoing {
  constructor(
    private readonly bot: Bot,
    private readonly signer: Signer,
    private readonly log: Logger,
    private readonly calls: ApiCalls,
  ) {}

  async post(chatId: number, msg: Outbound, replyTo: number | undefined): Promise<SendResult> {
    if (msg.image) return this.postPhoto(chatId, msg, msg.image, replyTo);
    const markup = this.keyboard(msg);
    const other = {
      link_preview_options: { is_disabled: true },
      ...(markup ? { reply_markup: markup } : {}),
      ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    };
    const sent = await this.calls.call({ method: "sendMessage", chatId }, () =>
      this.bot.api.sendMessage(chatId, msg.text, other, this.calls.deadline()),
    );
    return { messageId: String(sent.message_id) };
  }

  /**
   * A picture with its text: sendPhoto (multipart) with the text as caption and the buttons under it;
   * a text too long for a caption goes after the photo as a message of its own, carrying the buttons.
   */
  private async postPhoto(chatId: number, msg: Outbound, image: { png: string; alt: string }, replyTo: number | undefined): Promise<SendResult> {
    const fitsCaption = [...msg.text].length <= MAX_CAPTION;
    const markup = fitsCaption ? this.keyboard(msg) : undefined;
    const photo = new InputFile(Buffer.from(image.png, "base64"), "status.png");
    const sent = await this.calls.call({ method: "sendPhoto", chatId }, () =>
      this.bot.api.sendPhoto(
        chatId,
        photo,
        {
          caption: fitsCaption ? msg.text : [...image.alt].slice(0, MAX_CAPTION).join(""),
          ...(markup ? { reply_markup: markup } : {}),
          ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
        },
        this.calls.deadline(),
      ),
    );
    if (fitsCaption) return { messageId: String(sent.message_id) };
    const { image: _image, ...text } = msg;
    return this.post(chatId, text, undefined);
  }

  keyboard(msg: Outbound) {
    if (!msg.buttons?.length) return undefined;
    const { keyboard, omitted } = toInlineKeyboard(msg.buttons, (a, p) => encodeCallbackData(this.signer, a, p));
    if (omitted.length > 0) this.log.warn({ omitted }, "telegram: buttons whose data exceeds 64 bytes were left out");
    return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
  }
}
