// Coded errors. Anything thrown at a user-facing boundary is turned into one sentence by
// describeError(); only `internal` errors are treated as bugs (logged at error, sent to admins).

export type ErrorCode =
  | 'bad_input' // the user typed something we cannot accept
  | 'not_found' // a named thing (service, monitor, group) does not exist
  | 'conflict' // a lock is held, a deploy is running, ...
  | 'forbidden' // authorization said no
  | 'config' // the configuration is wrong
  | 'upstream' // a remote system (SSH host, AWS, Slack) failed
  | 'internal';

export class OpsError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpsError';
  }
}

/** Shorthand for the most common case: the user's input is wrong; the message says how. */
export class UserError extends OpsError {
  constructor(message: string) {
    super('bad_input', message);
    this.name = 'UserError';
  }
}

/** True for errors that are expected outcomes, not bugs: reply, but do not page the admins. */
export function isExpected(error: unknown): boolean {
  return error instanceof OpsError && error.code !== 'internal';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const message = error.message.split('\n')[0].trim() || error.name;
    return message.length > 300 ? `${message.slice(0, 300)}…` : message;
  }
  return String(error);
}
