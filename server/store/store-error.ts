/** The one error class of the store: a `code` for callers to act on, and a message for a person. */
export type StoreErrorCode =
  | 'invalid' // a bad username, domain, AOR or value
  | 'exists' // addUser of a user that exists, without `replace`
  | 'unreadable' // the database file cannot be opened or read: not a database, damaged, no permission
  | 'newer-schema'; // the file was written by a newer SealPhone

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
