/** What a person may be told about (SPEC.md, Notifications); each kind can be muted outside the app. */
export const NOTIFICATION_KINDS = [
  'CREDITED',
  'CREDIT_RETRACTED',
  'CLAIM_WAITING',
  'CLAIM_ESCALATED',
  'CLAIM_DECIDED',
  'DISPUTE_RAISED',
  'DISPUTE_RESOLVED',
  'QUALIFIED',
  'NO_LONGER_QUALIFIED',
  'NEAR_MISS',
  'PROGRAM_OPENED',
  'PROGRAM_FINALIZED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Whether a person is emailed and posted to chat, and the kinds they hear of only in the app. */
export interface NotificationSettings {
  email: boolean;
  chat: boolean;
  muted: NotificationKind[];
}

/** Email and chat are on by default, nothing muted. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { email: true, chat: true, muted: [] };
