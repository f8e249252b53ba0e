import type { Logger } from 'pino';
import type { Clock } from '../events/clock';
import { formatDuration } from '../robot/format';
import type { MessageRef, OutgoingMessage, RichMessage, User } from '../robot/message';
import type { Robot } from '../robot/robot';
import type { Authorizer } from './authorizer';
import type { Confirmation, Confirmations } from './confirmations';
import { replayMessage } from './replay';

export type Reply = (message: OutgoingMessage) => Promise<unknown>;

/** How an approve/cancel attempt ended, for the audit. */
export type DecisionOutcome = 'ok' | 'denied' | 'pending' | 'error';

/**
 * Approve / Cancel for pending confirmations, shared by the buttons and the shell's
 * `yes <id>` / `no <id>`. Approvers must themselves be allowed to run the command; with
 * `approvers: N` the requester does not count. The approved command is re-dispatched as the
 * original message, so it runs after a restart too.
 */
export class ConfirmationFlow {
  constructor(
    readonly confirmations: Confirmations,
    private readonly authorizer: Authorizer,
    private readonly robot: Robot,
    private readonly clock: Clock,
    readonly logger: Logger,
  ) {}

  request(input: Parameters<Confirmations['create']>[0]): Promise<Confirmation> {
    return this.confirmations.create(input);
  }

  prompt(c: Confirmation, status?: string): RichMessage {
    const open = c.status === 'pending' && status === undefined;
    const needed = c.approvers > 0 ? `${c.approvers} approval${c.approvers > 1 ? 's' : ''} from someone other than ${c.requester.name}` : 'one approval';
    const fields = [
      { label: 'Requested by', value: c.requester.name },
      { label: 'Needs', value: needed },
    ];
    if (c.approvals.length) fields.push({ label: 'Approved by', value: names(c.approvals) });
    const message: RichMessage = {
      title: `Confirm: ${c.text}`,
      text: open ? `${c.plan}\nApprove or cancel within ${formatDuration(c.expiresAt - this.clock.now())}: \`yes ${c.id}\` / \`no ${c.id}\`` : `${c.plan}\n${status ?? c.status}`,
      fields,
      tone: open ? 'warning' : 'neutral',
    };
    if (open) {
      message.actions = [
        { actionId: `confirm.approve:${c.id}`, label: 'Approve', value: c.id, style: 'primary' },
        { actionId: `confirm.cancel:${c.id}`, label: 'Cancel', value: c.id, style: 'danger' },
      ];
    }
    return message;
  }

  async approve(id: string, user: User, channel: string, reply: Reply, prompt?: MessageRef): Promise<DecisionOutcome> {
    const existing = await this.confirmations.get(id);
    if (!existing) {
      await reply(`There is no confirmation \`${clip(id)}\`; it may have expired. Run the command again.`);
      return 'error';
    }
    if (!(existing.approvers > 0 && user.id === existing.requester.id)) {
      const decision = await this.authorizer.check(user, { command: existing.command, target: existing.target, mutates: existing.mutates, channel });
      if (!decision.allowed) {
        await reply(`You may not approve this: ${decision.reason}.`);
        return 'denied';
      }
    }
    const result = await this.confirmations.approve(id, user);
    switch (result.kind) {
      case 'unknown':
        await reply(`There is no confirmation \`${clip(id)}\`; it may have expired. Run the command again.`);
        return 'error';
      case 'expired':
        await this.updatePrompt(result.confirmation, 'Expired: nobody approved in time.', prompt);
        await reply(`Confirmation \`${id}\` expired ${formatDuration(this.clock.now() - result.confirmation.expiresAt)} ago; run \`${result.confirmation.text}\` again.`);
        return 'error';
      case 'closed':
        await reply(`Confirmation \`${id}\` was already ${describeClosed(result.confirmation)}.`);
        return 'error';
      case 'self':
        await reply(`You asked for this; it needs ${needs(result.confirmation.approvers - result.confirmation.approvals.length)} from someone else.`);
        return 'denied';
      case 'duplicate':
        await reply(`You already approved this; it still needs ${needs(result.confirmation.approvers - result.confirmation.approvals.length)}.`);
        return 'pending';
      case 'recorded':
        await this.updatePrompt(result.confirmation, undefined, prompt);
        await reply(`Approval recorded (${result.confirmation.approvals.length} of ${result.confirmation.approvers}); it still needs ${needs(result.missing)}.`);
        return 'pending';
      case 'approved':
        await this.updatePrompt(result.confirmation, `Approved by ${names(result.confirmation.approvals)}: running.`, prompt);
        this.logger.info({ confirmation: id, command: result.confirmation.command, approvedBy: result.confirmation.approvals.map((a) => a.id) }, 'confirmation approved');
        await this.robot.receive(replayMessage(result.confirmation));
        return 'ok';
    }
  }

  async cancel(id: string, user: User, channel: string, reply: Reply, prompt?: MessageRef): Promise<DecisionOutcome> {
    const existing = await this.confirmations.get(id);
    if (!existing) {
      await reply(`There is no confirmation \`${clip(id)}\`; it may have expired.`);
      return 'error';
    }
    if (user.id !== existing.requester.id) {
      const decision = await this.authorizer.check(user, { command: existing.command, target: existing.target, mutates: existing.mutates, channel });
      if (!decision.allowed) {
        await reply(`You may not cancel this: ${decision.reason}.`);
        return 'denied';
      }
    }
    const result = await this.confirmations.cancel(id, user);
    if (result.kind === 'cancelled') {
      await this.updatePrompt(result.confirmation, `Cancelled by ${user.name}.`, prompt);
      await reply(`Cancelled \`${result.confirmation.text}\`.`);
      return 'ok';
    }
    await reply(result.kind === 'unknown' ? `There is no confirmation \`${clip(id)}\`.` : `Confirmation \`${id}\` was already ${describeClosed(result.confirmation)}.`);
    return 'error';
  }

  /** Takes the buttons off prompts nobody answered in time. */
  async expireDue(): Promise<number> {
    const expired = await this.confirmations.expireDue();
    for (const c of expired) await this.updatePrompt(c, 'Expired: nobody approved in time.');
    return expired.length;
  }

  private async updatePrompt(c: Confirmation, status: string | undefined, clicked?: MessageRef): Promise<void> {
    const ref = clicked ?? c.prompt;
    if (!ref) return;
    try {
      await this.robot.delivery.update(ref, this.prompt(c, status));
    } catch (error) {
      // The prompt is a convenience; the decision is already stored.
      this.logger.warn({ err: error, confirmation: c.id }, 'could not update the confirmation prompt');
    }
  }
}

function names(users: User[]): string {
  return users.map((u) => u.name).join(', ');
}

function needs(count: number): string {
  return `${count} more approval${count === 1 ? '' : 's'}`;
}

function describeClosed(c: Confirmation): string {
  if (c.status === 'cancelled') return `cancelled${c.cancelledBy ? ` by ${c.cancelledBy.name}` : ''}`;
  if (c.status === 'expired') return 'expired';
  return `approved by ${names(c.approvals)}${c.status === 'done' ? ` and ran (${c.outcome})` : ''}`;
}

/** Ids come from users; never echo a long one back. */
function clip(id: string): string {
  return id.length > 12 ? `${id.slice(0, 12)}…` : id.replace(/`/g, "'");
}
