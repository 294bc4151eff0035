/** How this deployment reaches people outside the app; a channel without its setting is off. */
export interface NotificationConfig {
  /** SMTP_URL, e.g. smtp://user:pass@host:587. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of every mail. */
  mailFrom: string;
  /** CHAT_WEBHOOK_URL: a Slack-compatible incoming webhook. */
  chatWebhookUrl: string | null;
  /** HR_EMAIL: where notifications for HR (a dispute raised, a claim with nobody above its owner) are mailed. */
  hrEmail: string | null;
  /** DELIVERY_MAX_ATTEMPTS: attempts before a delivery is FAILED. */
  maxAttempts: number;
}
