/** The channels outside the app, as the contract names them. */
export type DeliveryChannel = 'EMAIL' | 'CHAT';

/** What one delivery sends: the notification's words, to whom. */
export interface Message {
  /** An email address: where the mail goes, and whom the chat message names. */
  address: string;
  text: string;
  link: string | null;
}

/** Sends one message, or rejects with why it could not; gives up after `timeoutMs`. */
export interface Sender {
  send(message: Message, timeoutMs: number): Promise<void>;
  close?(): void;
}
