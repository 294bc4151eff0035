import type { ReactNode } from 'react';
import type { ApiError } from '../api/graphql';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

/** A failed request, said plainly, with a way to try again when there is one. */
export function ErrorMessage({ error, retry }: { error: ApiError | Error; retry?: () => void }) {
  return (
    <div className="error" role="alert">
      <p>{error.message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Shows loading, error or the content of one request, so every page handles all three the same way. */
export function Async<T>({ state, children }: { state: { data?: T; error?: ApiError; loading: boolean; refetch: () => void }; children: (data: T) => ReactNode }) {
  if (state.error && !state.data) return <ErrorMessage error={state.error} retry={state.refetch} />;
  if (!state.data) return <Loading />;
  return <>{children(state.data)}</>;
}

/** A bar of progress; full, it turns green only when `settled` (someone who does not qualify is never shown green). */
export function ProgressBar({ value, label, settled = true }: { value: number; label: string; settled?: boolean }) {
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className={`progress-fill${percent >= 100 && settled ? ' complete' : ''}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
