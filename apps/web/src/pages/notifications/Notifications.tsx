import { useState } from 'react';
import { Link } from 'react-router-dom';
import { request, type ApiError } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { NOTIFICATIONS_READ } from '../../components/NotificationBell';
import { Async, ErrorMessage } from '../../components/status';
import { formatInstant } from '../../format';
import './notifications.css';

const NOTIFICATIONS = /* GraphQL */ `
  query MyNotifications($unreadOnly: Boolean) {
    notifications(first: 100, unreadOnly: $unreadOnly) {
      totalCount
      unread
      nodes {
        id
        kind
        at
        read
        text
        link
      }
    }
  }
`;

const MARK_READ = /* GraphQL */ `
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`;

interface Notification {
  id: string;
  kind: string;
  at: string;
  read: boolean;
  text: string;
  link: string | null;
}

/** What the viewer has been told, newest first; read one by one or all at once. */
export function Notifications() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const state = useQuery<{ notifications: { totalCount: number; unread: number; nodes: Notification[] } }>(NOTIFICATIONS, { unreadOnly });
  const [problem, setProblem] = useState<ApiError>();

  async function markRead(ids: string[] | null) {
    try {
      await request(MARK_READ, { ids });
      setProblem(undefined);
      window.dispatchEvent(new Event(NOTIFICATIONS_READ));
      await state.refetch();
    } catch (caught) {
      setProblem(caught as ApiError);
    }
  }

  return (
    <section aria-labelledby="notifications-title">
      <div className="page-title">
        <h1 id="notifications-title">Notifications</h1>
        <Link to="/notifications/settings">Settings</Link>
      </div>
      <label className="check">
        <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} /> Unread only
      </label>
      {problem && <ErrorMessage error={problem} />}
      <Async state={state}>
        {({ notifications }) => (
          <>
            <p>
              {notifications.unread} unread of {notifications.totalCount}.{' '}
              {notifications.unread > 0 && (
                <button type="button" onClick={() => void markRead(null)}>
                  Mark all read
                </button>
              )}
            </p>
            {notifications.nodes.length === 0 ? (
              <p>Nothing to tell you yet.</p>
            ) : (
              <ul className="notifications">
                {notifications.nodes.map((notification) => (
                  <li key={notification.id} className={notification.read ? 'read' : 'unread'}>
                    <span className="visually-hidden">{notification.read ? 'Read: ' : 'Unread: '}</span>
                    {notification.link ? <Link to={notification.link}>{notification.text}</Link> : notification.text}
                    <time dateTime={notification.at}>{formatInstant(notification.at)}</time>
                    {!notification.read && (
                      <button type="button" className="link" onClick={() => void markRead([notification.id])}>
                        Mark read
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
