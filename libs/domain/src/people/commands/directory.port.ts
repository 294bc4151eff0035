/**
 * What the people handlers ask of the directory beyond one employee's stream. Email uniqueness spans
 * employees, so it is answered from the directory read model: a registration racing another with the
 * same email within the projection lag is not caught (accepted; HR registers people one at a time).
 */
export abstract class Directory {
  /** The id of the employee who holds this email, if any. */
  abstract emailOwner(email: string): Promise<string | undefined>;
}
