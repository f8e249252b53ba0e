import type { ActionMiddleware, Robot } from '../robot/robot';
import { OpsError } from '../robot/errors';
import type { Authorizer } from './authorizer';
import { buttonNotes } from './notes';

/**
 * A button named like a command that changes something (`deploy.rollback:<id>` for the
 * `deploy.rollback` command) is authorized like that command; the confirmation buttons check
 * their approvers themselves, and other buttons only show things.
 */
export function buttonAuthorization(robot: Robot, authorizer: Authorizer): ActionMiddleware {
  return async (event, next) => {
    const base = event.actionId.split(':')[0];
    const spec = base.startsWith('confirm.') ? undefined : robot.commandListeners.find((l) => l.spec.name === base)?.spec;
    if (spec?.mutates) {
      const decision = await authorizer.check(event.user, { command: base, mutates: true, channel: event.channel });
      const notes = buttonNotes.get(event);
      if (notes) notes.decision = decision;
      if (!decision.allowed) throw new OpsError('forbidden', `Denied: ${decision.reason}.`);
    }
    await next();
  };
}
