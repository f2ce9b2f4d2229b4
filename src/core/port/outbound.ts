/** The port, outbound: what the core asks an adapter to send. */

/** A button the core asks the adapter to draw; pressing it yields an ActionEvent with these fields. */
export interface Button {
  label: string;
  action: string;
  payload: string;
}

/** A message from the core to a chat or a person. Text is plain; adapters may add formatting. */
export interface Outbound {
  text: string;
  buttons?: Button[];
  /** Show only to the member who triggered `replyTo` where the platform can (Discord ephemeral). */
  ephemeral?: boolean;
  /** The `interactionId` of the event this answers, so the adapter can thread or use the interaction. */
  replyTo?: string;
  /**
   * The platform user id of whoever caused `replyTo`: where an ephemeral answer can no longer use
   * the interaction (a restart, an expired token), the adapter sends it to them privately instead.
   */
  replyToUser?: string;
  /**
   * A picture to show with the text, only where `capabilities(chat).images`. `png` is base64; `alt`
   * describes it in words. The text must stand on its own: adapters without images ignore this.
   */
  image?: { png: string; alt: string };
  /**
   * Send the text exactly as it is: it is signed as shown (an alert), so nothing may rewrite it,
   * not even the command references a platform would write otherwise (see `commandPrefix`).
   */
  verbatim?: boolean;
}

/** Result of a send: the platform's id for the message, for edits and audit. */
export interface SendResult {
  messageId: string;
}
