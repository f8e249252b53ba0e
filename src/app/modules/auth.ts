import { auditActionMiddleware, auditMiddleware } from '../../audit/audit-middleware';
import { AuditLog } from '../../audit/audit-log';
import { mountAuditRoute } from '../../audit/audit-route';
import { authMiddleware } from '../../auth/auth-middleware';
import { Authorizer } from '../../auth/authorizer';
import { buttonAuthorization } from '../../auth/button-authorization';
import { ConfirmationFlow } from '../../auth/confirmation-flow';
import { confirmMiddleware, replayGate } from '../../auth/confirm-middleware';
import { Confirmations } from '../../auth/confirmations';
import { buttonNotes } from '../../auth/notes';
import { SlackUserDirectory } from '../../auth/slack-user-directory';
import { CachedUserDirectory, StaticUserDirectory } from '../../auth/user-directory';
import type { ActionHandler } from '../../robot/robot';
import type { AppModule } from '../context';

declare module '../../robot/services' {
  interface Services {
    auth: Authorizer;
    audit: AuditLog;
    confirmations: ConfirmationFlow;
  }
}

/** Who may do what: authorization, confirmations and the audit log, as middleware around every command. */
export const authModule: AppModule = (ctx) => {
  const { robot, config, logger, clock } = ctx;
  const log = logger.child({ component: 'auth' });
  const slack = ctx.adapter.name === 'slack' && ctx.env.SLACK_BOT_TOKEN;
  const inner = slack ? new SlackUserDirectory({ token: ctx.env.SLACK_BOT_TOKEN as string, apiUrl: ctx.env.SLACK_API_URL, logger: log }) : new StaticUserDirectory();
  const directory = new CachedUserDirectory(inner, { refreshMs: config.auth.groupRefresh, clock, logger: log });
  const authorizer = new Authorizer({ config: config.auth, directory, sandbox: robot.sandbox });
  const audit = new AuditLog(ctx.store, ctx.redactor);
  const flow = new ConfirmationFlow(new Confirmations(ctx.store, clock, config.auth.confirmTtl), authorizer, robot, clock, log);
  robot.services.auth = authorizer;
  robot.services.audit = audit;
  robot.services.confirmations = flow;

  // Order matters: replays are filtered before they are audited; the audit wraps the decisions.
  robot.listenerMiddleware(replayGate(flow));
  robot.listenerMiddleware(auditMiddleware(audit, clock, log));
  robot.listenerMiddleware(authMiddleware(authorizer));
  robot.listenerMiddleware(confirmMiddleware(flow));
  robot.actionMiddleware(auditActionMiddleware(audit, clock, log));
  robot.actionMiddleware(buttonAuthorization(robot, authorizer));

  const button = (decide: 'approve' | 'cancel'): ActionHandler => async (event, reply) => {
    const id = event.actionId.includes(':') ? event.actionId.slice(event.actionId.indexOf(':') + 1) : event.value;
    const clicked = event.messageTs ? { id: `confirm-${id}`, channel: event.channel, ts: event.messageTs } : undefined;
    const outcome = await flow[decide](id, event.user, event.channel, reply, clicked);
    const notes = buttonNotes.get(event);
    if (notes) Object.assign(notes, { confirmation: id, outcome });
  };
  robot.onAction('confirm.approve', button('approve'));
  robot.onAction('confirm.cancel', button('cancel'));
  robot.every('auth.confirmations.expire', 60_000, () => flow.expireDue());

  mountAuditRoute(robot.router, audit, config.auth.auditToken);

  if (robot.sandbox) log.info('sandbox: authorization is off, everyone may run every command (confirmations still ask)');
  else if (config.auth.rules.length === 0) log.warn('no auth.rules: commands that change something are denied to everyone (see docs/auth.md)');
};
