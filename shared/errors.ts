/**
 * The one error class of Commonplace. It crosses the bridge as `{ code, message }` and is
 * rebuilt on the other side with the same code, so callers switch on `code`, never on text.
 */
export const ERROR_CODES = [
  'invalid-argument', // a bridge argument failed its schema
  'not-found', // no such workspace, page, doc or attachment
  'forbidden', // the sender or the member's role may not do this
  'corrupt-record', // a stored record failed its checksum or could not be decoded
  'store-closed', // the store was used after close()
  'conflict', // the operation contradicts the current state (e.g. name taken)
  'too-large', // a payload over its limit (paste, attachment, message)
  'unavailable', // the host is not reachable (bridge disconnected)
  'internal', // anything unexpected: a bug
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
}

export class CommonplaceError extends Error {
  override readonly name = 'CommonplaceError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message };
  }

  /** Rebuilds an error that crossed the bridge; anything malformed becomes `internal`. */
  static fromJSON(value: unknown): CommonplaceError {
    if (typeof value === 'object' && value !== null) {
      const { code, message } = value as Record<string, unknown>;
      if (isErrorCode(code) && typeof message === 'string') return new CommonplaceError(code, message);
    }
    return new CommonplaceError('internal', 'malformed error from the other side of the bridge');
  }

  /** Wraps anything thrown into a CommonplaceError, keeping known ones as they are. */
  static from(error: unknown): CommonplaceError {
    if (error instanceof CommonplaceError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new CommonplaceError('internal', message, { cause: error });
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

export function assertNever(value: never, what = 'value'): never {
  throw new CommonplaceError('internal', `unexpected ${what}: ${JSON.stringify(value)}`);
}
