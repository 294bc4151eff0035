import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, request } from './graphql';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Runs the query again, keeping the current data on screen until the answer arrives. */
  refetch: () => Promise<void>;
}

/** Runs a query when its variables change; the latest answer wins, an older one arriving late is dropped. */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}, { skip = false } = {}): QueryState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(!skip);
  const latest = useRef(0);
  const key = JSON.stringify(variables);

  const run = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const answer = await request<T>(query, JSON.parse(key) as Record<string, unknown>);
      if (ticket !== latest.current) return;
      setData(answer);
      setError(undefined);
    } catch (caught) {
      if (ticket !== latest.current) return;
      setError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [query, key]);

  useEffect(() => {
    if (!skip) void run();
  }, [run, skip]);

  return { data, error, loading, refetch: run };
}
