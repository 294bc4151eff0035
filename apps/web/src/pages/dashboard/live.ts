import { useEffect, useRef, useState } from 'react';
import { subscriptions, watchConnection } from '../../api/graphql';
import { formatPercent } from '../../format';

/** Pushed whenever the projector commits a change to someone's standing in the program. */
const STANDING_CHANGED = /* GraphQL */ `
  subscription ($id: ID!) {
    standingChanged(programId: $id) {
      employee {
        id
        name
      }
      qualifies
      progress
      rank
    }
  }
`;

export interface StandingChange {
  employee: { id: string; name: string };
  qualifies: boolean;
  progress: number;
  rank: number | null;
}

export type LiveStatus = 'paused' | 'connecting' | 'live' | 'unavailable';

/** A burst of changes (one credit moves several ranks) is refetched and announced once. */
const SETTLE_MS = 300;
const NAMED_IN_ANNOUNCEMENT = 3;

function describeChange(change: StandingChange, wasQualifier: boolean): string {
  const { name } = change.employee;
  const progress = `progress ${formatPercent(change.progress)}`;
  if (change.qualifies && !wasQualifier) return `${name} now qualifies${change.rank ? ` (rank ${change.rank})` : ''}`;
  if (!change.qualifies && wasQualifier) return `${name} no longer qualifies — ${progress}`;
  if (change.qualifies) return `${name} still qualifies${change.rank ? `, now rank ${change.rank}` : ''}`;
  return `${name} — ${progress}`;
}

/** Who gained or lost a place is the news; rank shuffles among qualifiers come after it, and may be cut short. */
export function announce(changes: StandingChange[], wasQualifier: (employeeId: string) => boolean): string {
  const changedPlace = (change: StandingChange) => change.qualifies !== wasQualifier(change.employee.id);
  const newsFirst = [...changes.filter(changedPlace), ...changes.filter((change) => !changedPlace(change))];
  const named = newsFirst.slice(0, NAMED_IN_ANNOUNCEMENT).map((change) => describeChange(change, wasQualifier(change.employee.id)));
  const others = changes.length - named.length;
  return `Updated: ${named.join('; ')}${others > 0 ? ` and ${others} more` : ''}`;
}

/**
 * Listens to `standingChanged` while `enabled` (the dashboard shows "now"), and after each settled burst calls
 * `onSettled` (to refetch) and returns a polite announcement of who changed. Unsubscribes when disabled or unmounted.
 */
export function useLiveStandings(
  programId: string,
  enabled: boolean,
  wasQualifier: (employeeId: string) => boolean,
  onSettled: () => void,
): { status: LiveStatus; announcement: string; problem?: string } {
  const [status, setStatus] = useState<LiveStatus>('paused');
  const [problem, setProblem] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  const callbacks = useRef({ wasQualifier, onSettled });
  useEffect(() => {
    callbacks.current = { wasQualifier, onSettled };
  });

  useEffect(() => {
    if (!enabled) {
      setStatus('paused');
      setAnnouncement('');
      return;
    }
    setStatus('connecting');
    setProblem(undefined);
    const client = subscriptions();
    // Latest change per person within a burst; the Map keeps the order people first changed in.
    const pending = new Map<string, StandingChange>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = () => {
      timer = undefined;
      const changes = [...pending.values()];
      pending.clear();
      if (changes.length) setAnnouncement(announce(changes, callbacks.current.wasQualifier));
      callbacks.current.onSettled();
    };
    const stopWatching = watchConnection(
      (wasRetry) => {
        setStatus('live');
        // Changes made while the connection was down were never pushed: catch up once.
        if (wasRetry) callbacks.current.onSettled();
      },
      () => setStatus('connecting'),
    );
    const unsubscribe = client.subscribe<{ standingChanged: StandingChange }>(
      { query: STANDING_CHANGED, variables: { id: programId } },
      {
        next: (message) => {
          const change = message.data?.standingChanged;
          if (!change) return;
          pending.set(change.employee.id, change);
          clearTimeout(timer);
          timer = setTimeout(settle, SETTLE_MS);
        },
        error: (error) => {
          setStatus('unavailable');
          const [first] = Array.isArray(error) ? (error as { message?: string }[]) : [];
          setProblem(first?.message ?? (error instanceof Error ? error.message : undefined));
        },
        complete: () => undefined,
      },
    );
    return () => {
      clearTimeout(timer);
      stopWatching();
      unsubscribe();
    };
  }, [programId, enabled]);

  return { status, announcement, problem };
}

/** Refetches a section's query each time `revision` moves on (a live change settled), not when it first mounts. */
export function useRefetchOn(revision: number, refetch: () => Promise<void>): void {
  const latest = useRef({ refetch, seen: revision });
  useEffect(() => {
    latest.current.refetch = refetch;
  });
  useEffect(() => {
    if (revision === latest.current.seen) return;
    latest.current.seen = revision;
    void latest.current.refetch();
  }, [revision]);
}
