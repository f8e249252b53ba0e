import type { ListenerMiddleware } from '../robot/listener';
import { Authorizer } from './authorizer';
import { authNotes } from './notes';

/**
 * Authorization by each command's own declaration (name, mutates, target): nothing is copied into
 * scripts. A denied command replies one line saying which rule or role would allow it; a denied
 * `hear` listener (ambient chat) stays silent. Either way the audit records the decision.
 */
export function authMiddleware(authorizer: Authorizer): ListenerMiddleware {
  return async (context, next) => {
    const { listener, response } = context;
    const request = Authorizer.requestFor(listener.spec, response.match, response.channel);
    const decision = await authorizer.check(response.user, request);
    const notes = authNotes(context.notes);
    notes.target = request.target;
    notes.decision = decision;
    if (decision.allowed) {
      await next();
      return;
    }
    if (listener.kind === 'respond') await response.reply(`Denied: ${decision.reason}.`);
  };
}
