import type { ReactNode } from 'react';

/** A confirmation that stays on screen until dismissed or replaced, with an action beside it (Undo). */
export function Toast({ children, action, onDismiss }: { children: ReactNode; action?: { label: string; run: () => void; busy?: boolean }; onDismiss: () => void }) {
  return (
    <div className="toast" role="status" aria-live="polite">
      <p>{children}</p>
      {action && (
        <button type="button" onClick={action.run} disabled={action.busy} aria-busy={action.busy}>
          {action.label}
        </button>
      )}
      <button type="button" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
