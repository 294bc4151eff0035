import { ApiError } from '../../api/graphql';
import type { FieldErrors } from './criteria';

/** A refused request, either beside the field it names or, when the page shows no such field, for the whole form. */
export type Failure = { field: string; message: string } | { form: ApiError };

/**
 * The field a server error belongs to: its own path when the page shows that field, else the nearest shown
 * parent (`criteria.thresholds.atLeast` names no row, so it lands on the thresholds group).
 */
function shownFieldOf(field: string | undefined, shown: ReadonlySet<string>): string | undefined {
  let path = field === 'programId' ? 'id' : field;
  while (path) {
    if (shown.has(path)) return path;
    path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : undefined;
  }
  return undefined;
}

/** Why a program change was refused, in words that say what to do next. */
function explain(error: ApiError): ApiError {
  switch (error.code) {
    case 'FORBIDDEN':
      return new ApiError(`You are not allowed to do this: only HR and administrators manage award programs. (${error.message})`, error.code);
    case 'INVALID_STATE':
      return new ApiError(`The program is not in a state that allows this: ${error.message}. Reload the page to see where it stands.`, error.code);
    case 'ALREADY_EXISTS':
      return new ApiError(`${error.message}. Choose another program id, or leave it blank.`, error.code, error.field);
    default:
      return error;
  }
}

export function failureOf(caught: unknown, shown: Iterable<string>): Failure {
  const error = caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT');
  // ALREADY_EXISTS names no field, but only a draft's chosen id can collide.
  const named = error.code === 'ALREADY_EXISTS' ? (error.field ?? 'id') : error.code === 'BAD_USER_INPUT' ? error.field : undefined;
  const field = shownFieldOf(named, new Set(shown));
  return field ? { field, message: explain(error).message } : { form: explain(error) };
}

/** Field errors to show: the client's own checks plus the server's, when it named a field. */
export const withFailure = (errors: FieldErrors, failure: Failure | undefined): FieldErrors =>
  failure && 'field' in failure ? { ...errors, [failure.field]: failure.message } : errors;

/** Takes the keyboard to the first field in error once the errors are on screen, so a refused save is never silent. */
export function focusFirstError(form: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const first = form?.querySelector<HTMLElement>('[aria-invalid="true"], p.field-error');
    const control = first?.matches('p') ? first.closest('fieldset')?.querySelector<HTMLElement>('input, select, textarea, button') : first;
    control?.focus();
  });
}
