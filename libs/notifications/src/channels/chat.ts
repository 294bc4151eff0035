import type { Message, Sender } from './channel';

/**
 * A Slack-compatible incoming webhook (`CHAT_WEBHOOK_URL`): one JSON `text` per message, starting with the person's
 * email, which Slack (and the tools that speak its webhooks) resolves to a mention of that person.
 */
export function chatSender(webhookUrl: string): Sender {
  return {
    async send({ address, text, link }: Message, timeoutMs: number) {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: chatText(address, text, link) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The body is read either way so the connection is freed; it says why, when the hook refuses.
      const answer = await response.text();
      if (!response.ok) throw new Error(`The chat webhook answered ${response.status}${answer ? `: ${answer.slice(0, 200)}` : ''}`);
    },
  };
}

export const chatText = (address: string, text: string, link: string | null): string =>
  `<mailto:${address}|${address}> ${text}${link ? ` (${link})` : ''}`;
