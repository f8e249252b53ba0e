import type { Logger } from 'pino';
import { authNotes, buttonNotes } from '../auth/notes';
import type { Clock } from '../events/clock';
import { describeError, OpsError } from '../robot/errors';
import type { ListenerMiddleware } from '../robot/listener';
import type { ActionMiddleware } from '../robot/robot';
import type { AuditEntry, AuditLog, AuditOutcome } from './audit-log';

/**
 * Records every command the moment it ends (outermost middleware, so it sees denials,
 * confirmations and errors). An audit write that fails is logged, never turned into the
 * command's failure: the command already happened.
 */
export function auditMiddleware(audit: AuditLog, clock: Clock, logger: Logger): ListenerMiddleware {
  return async (context, next) => {
    const started = clock.now();
    let failure: unknown;
    try {
      await next();
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const { response, listener } = context;
      const notes = authNotes(context.notes);
      const outcome: AuditOutcome = failure !== undefined ? errorOutcome(failure) : notes.decision?.allowed === false ? 'denied' : notes.pending ? 'pending' : 'ok';
      const entry: AuditEntry = {
        at: started,
        kind: 'command',
        user: { id: response.user.id, name: response.user.name },
        channel: response.channel,
        thread: response.message.thread,
        text: response.text,
        command: listener.spec.name,
        target: notes.target,
        allowed: notes.decision?.allowed,
        rule: notes.decision?.rule,
        reason: notes.decision?.allowed === false ? notes.decision.reason : undefined,
        confirmation: notes.confirmation,
        confirmedBy: notes.confirmedBy?.map((u) => ({ id: u.id, name: u.name })),
        outcome,
        error: failure !== undefined ? describeError(failure) : undefined,
        durationMs: clock.now() - started,
      };
      await audit.record(entry).catch((error: unknown) => logger.error({ err: error, command: listener.spec.name }, 'could not write the audit log'));
    }
  };
}

/** The same for button clicks; handlers leave their decision in buttonNotes. */
export function auditActionMiddleware(audit: AuditLog, clock: Clock, logger: Logger): ActionMiddleware {
  return async (event, next) => {
    const started = clock.now();
    const notes: NonNullable<ReturnType<typeof buttonNotes.get>> = {};
    buttonNotes.set(event, notes);
    let failure: unknown;
    try {
      await next();
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const entry: AuditEntry = {
        at: started,
        kind: 'button',
        user: { id: event.user.id, name: event.user.name },
        channel: event.channel,
        thread: event.thread ?? event.messageTs,
        text: event.actionId,
        command: event.actionId.split(':')[0],
        target: notes.target,
        allowed: notes.decision?.allowed,
        rule: notes.decision?.rule,
        reason: notes.reason ?? (notes.decision?.allowed === false ? notes.decision.reason : undefined),
        confirmation: notes.confirmation,
        outcome: failure !== undefined ? errorOutcome(failure) : notes.outcome ?? 'ok',
        error: failure !== undefined ? describeError(failure) : undefined,
        durationMs: clock.now() - started,
      };
      await audit.record(entry).catch((error: unknown) => logger.error({ err: error, action: event.actionId }, 'could not write the audit log'));
    }
  };
}

function errorOutcome(error: unknown): AuditOutcome {
  return error instanceof OpsError && error.code === 'forbidden' ? 'denied' : 'error';
}
