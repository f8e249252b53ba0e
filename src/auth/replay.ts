import type { IncomingMessage } from '../robot/message';
import type { Confirmation } from './confirmations';

/**
 * Marks a re-dispatched message as the approved run of a confirmation. A symbol cannot come
 * from any adapter or user text, and the robot's `{ ...message }` copy keeps it; the middleware
 * still checks the store, so only an approved confirmation runs, and only once.
 */
const REPLAY = Symbol('opsbot.confirmation');

type Marked = IncomingMessage & { [REPLAY]?: string };

export function replayMessage(confirmation: Confirmation): IncomingMessage {
  const message: Marked = { ...confirmation.message, [REPLAY]: confirmation.id };
  return message;
}

export function replayId(message: IncomingMessage): string | undefined {
  return (message as Marked)[REPLAY];
}
