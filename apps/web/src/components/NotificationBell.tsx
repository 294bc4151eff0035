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
      <span aria-hidden="true">🔔</span>
      {count > 0 && (
        <span className="badge" aria-hidden="true">
          {count}
        </span>
      )}
    </NavLink>
  );
}
