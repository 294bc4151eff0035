import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { request, type ApiError } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { Async, ErrorMessage } from '../../components/status';
import './notifications.css';

const SETTINGS = /* GraphQL */ `
  query MyNotificationSettings {
    notificationSettings {
      email
      chat
      muted
    }
  }
`;

const CHANGE = /* GraphQL */ `
  mutation ChangeNotificationSettings($input: NotificationSettingsInput!) {
    changeNotificationSettings(input: $input) {
      email
      chat
      muted
    }
  }
`;

interface Settings {
  email: boolean;
  chat: boolean;
  muted: string[];
}

/** Each kind as a person would name it in the list of what they may mute. */
const KINDS: [kind: string, label: string][] = [
  ['CREDITED', 'Someone credited me'],
  ['CREDIT_RETRACTED', 'A credit of mine was retracted'],
  ['CLAIM_WAITING', 'A claim waits for my decision'],
  ['CLAIM_ESCALATED', 'A claim was escalated to me'],
  ['CLAIM_DECIDED', 'My claim was decided'],
  ['DISPUTE_RAISED', 'A dispute was raised (HR)'],
  ['DISPUTE_RESOLVED', 'My dispute was resolved'],
  ['QUALIFIED', 'I qualify for a program'],
  ['NO_LONGER_QUALIFIED', 'I no longer qualify'],
  ['NEAR_MISS', 'I am close to qualifying'],
  ['PROGRAM_OPENED', 'A program opened'],
  ['PROGRAM_FINALIZED', 'A program was finalized'],
];

/** How the viewer is told outside the app: email, chat, and the kinds they only want to see in the app. */
export function NotificationSettings() {
  const state = useQuery<{ notificationSettings: Settings }>(SETTINGS);
  return (
    <section aria-labelledby="settings-title">
      <div className="page-title">
        <h1 id="settings-title">Notification settings</h1>
        <Link to="/notifications">Back to notifications</Link>
      </div>
      <Async state={state}>{({ notificationSettings }) => <SettingsForm saved={notificationSettings} />}</Async>
    </section>
  );
}

function SettingsForm({ saved }: { saved: Settings }) {
  const [settings, setSettings] = useState(saved);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [problem, setProblem] = useState<ApiError>();
  useEffect(() => setSettings(saved), [saved]);

  const toggleMuted = (kind: string, muted: boolean) =>
    setSettings((current) => ({ ...current, muted: muted ? [...current.muted, kind] : current.muted.filter((each) => each !== kind) }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setStatus('saving');
    try {
      const answer = await request<{ changeNotificationSettings: Settings }>(CHANGE, { input: settings });
      setSettings(answer.changeNotificationSettings);
      setProblem(undefined);
      setStatus('saved');
    } catch (caught) {
      setProblem(caught as ApiError);
      setStatus('idle');
    }
  }

  return (
    <form onSubmit={(event) => void save(event)} className="notification-settings">
      <fieldset>
        <legend>Tell me outside the app</legend>
        <label className="check">
          <input type="checkbox" checked={settings.email} onChange={(event) => setSettings({ ...settings, email: event.target.checked })} /> By email
        </label>
        <label className="check">
          <input type="checkbox" checked={settings.chat} onChange={(event) => setSettings({ ...settings, chat: event.target.checked })} /> In chat
        </label>
      </fieldset>
      <fieldset>
        <legend>Only in the app, never by email or chat</legend>
        {KINDS.map(([kind, label]) => (
          <label key={kind} className="check">
            <input type="checkbox" checked={settings.muted.includes(kind)} onChange={(event) => toggleMuted(kind, event.target.checked)} /> {label}
          </label>
        ))}
      </fieldset>
      {problem && <ErrorMessage error={problem} />}
      <button type="submit" disabled={status === 'saving'}>
        {status === 'saving' ? 'Saving…' : 'Save'}
      </button>
      <span role="status" aria-live="polite">
        {status === 'saved' ? ' Saved.' : ''}
      </span>
    </form>
  );
}
