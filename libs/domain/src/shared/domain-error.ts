/** The error codes of the public contract; the GraphQL layer maps `code` to `extensions.code` in one place. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'SELF_CREDIT'
  | 'DUPLICATE_CREDIT'
  | 'DEAL_NOT_WON'
  | 'CONTRIBUTOR_INACTIVE';

/** A rule said no. Returned by `decide`, never thrown from it; handlers turn it into a rejected command. */
export class DomainError {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
    /** The input field at fault, for BAD_USER_INPUT. */
    readonly field?: string,
  ) {}
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;
