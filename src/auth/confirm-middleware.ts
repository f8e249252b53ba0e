import { formatDuration } from '../robot/format';
import type { ListenerMiddleware } from '../robot/listener';
import { Authorizer } from './authorizer';
import type { ConfirmationFlow } from './confirmation-flow';
import { authNotes } from './notes';
import { replayId } from './replay';

/**
 * Runs first: a re-dispatched (approved) message runs only the confirmed command, exactly once.
 * `hear` listeners do not fire again, and a command that changed since is refused.
 */
export function replayGate(flow: ConfirmationFlow): ListenerMiddleware {
  return async (context, next) => {
    const id = replayId(context.response.message);
    if (id === undefined) return next();
    if (context.listener.kind === 'hear') return;
    const claimed = await flow.confirmations.claim(id);
    if (!claimed) {
      await context.response.reply(`Confirmation \`${id}\` already ran or was cancelled.`);
      return;
    }
    if (claimed.command !== context.listener.spec.name) {
      await flow.confirmations.finish(id, 'error');
      await context.response.reply(`\`${claimed.text}\` is now handled by a different command than the one confirmed; run it again.`);
      return;
    }
    const notes = authNotes(context.notes);
    notes.confirmation = id;
    notes.confirmedBy = claimed.approvals;
    let outcome: 'ok' | 'error' = 'error';
    try {
      await next();
      outcome = notes.decision?.allowed === false ? 'error' : 'ok';
    } finally {
      await flow.confirmations.finish(id, outcome);
    }
  };
}

/**
 * Commands that ask for confirmation (their spec says so for this match, or an auth rule does)
 * answer with the plan and Approve / Cancel instead of running; the approved run comes back
 * through replayGate.
 */
export function confirmMiddleware(flow: ConfirmationFlow): ListenerMiddleware {
  return async (context, next) => {
    const { listener, response } = context;
    const notes = authNotes(context.notes);
    if (notes.confirmation || listener.kind === 'hear') return next();
    const approvers = notes.decision?.approvers ?? 0;
    const wanted = approvers > 0 || (notes.decision?.confirm ?? Authorizer.specConfirms(listener.spec, response.match));
    if (!wanted) return next();
    const confirmation = await flow.request({
      command: listener.spec.name,
      mutates: listener.spec.mutates ?? false,
      target: notes.target,
      text: response.text,
      plan: listener.spec.describe?.(response.match) ?? response.text,
      message: response.message,
      requester: response.user,
      approvers,
    });
    const ref = await response.reply(flow.prompt(confirmation));
    await flow.confirmations.setPrompt(confirmation.id, ref);
    notes.confirmation = confirmation.id;
    notes.pending = true;
    flow.logger.info({ confirmation: confirmation.id, command: listener.spec.name, expiresIn: formatDuration(confirmation.expiresAt - confirmation.createdAt) }, 'confirmation requested');
  };
}
