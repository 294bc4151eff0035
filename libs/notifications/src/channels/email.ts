import { createTransport } from 'nodemailer';
import type { Message, Sender } from './channel';

/** Mail over SMTP (`SMTP_URL`, e.g. smtp://user:pass@host:587), from `MAIL_FROM`. */
export function emailSender(smtpUrl: string, from: string): Sender {
  // One transport per attempt, so every timeout given to `send` holds for its connection.
  return {
    async send({ address, text, link }: Message, timeoutMs: number) {
      const transport = createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
      try {
        await transport.sendMail({ from, to: address, subject: text, text: link ? `${text}\n\n${link}\n` : `${text}\n` });
      } finally {
        transport.close();
      }
    },
  };
}
