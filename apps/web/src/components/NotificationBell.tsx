import { useEffect, useState } from 'react';
import { NavLink } from 'react-router-dom';
import { subscriptions } from '../api/graphql';
import { useQuery } from '../api/use-query';

const UNREAD = /* GraphQL */ `
  query UnreadNotifications {
    notifications(first: 1) {
      unread
    }
  }
`;

const ADDED = /* GraphQL */ `
  subscription NotificationAdded {
    notificationAdded {
      id
    }
  }
`;

/** Said by the notifications page when it marks some read, so the bell counts again. */
export const NOTIFICATIONS_READ = 'club-ledger:notifications-read';

/** The header's bell: how many notifications are unread, counted up live as they arrive. */
export function NotificationBell() {
  const unread = useQuery<{ notifications: { unread: number } }>(UNREAD);
  const [arrived, setArrived] = useState(0);
  const { refetch } = unread;

  useEffect(() => {
    const recount = () => {
      setArrived(0);
      void refetch();
    };
    window.addEventListener(NOTIFICATIONS_READ, recount);
    const unsubscribe = subscriptions().subscribe<{ notificationAdded: { id: string } }>(
      { query: ADDED },
      { next: () => setArrived((count) => count + 1), error: () => undefined, complete: () => undefined },
    );
    return () => {
      window.removeEventListener(NOTIFICATIONS_READ, recount);
      unsubscribe();
    };
  }, [refetch]);

  const count = (unread.data?.notifications.unread ?? 0) + arrived;
  return (
    <NavLink to="/notifications" className="bell" aria-label={count > 0 ? `Notifications, ${count} unread` : 'Notifications'}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      {count > 0 && (
        <span className="badge" aria-hidden="true">
          {count}
        </span>
      )}
    </NavLink>
  );
}
