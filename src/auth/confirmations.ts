import { randomBytes } from 'node:crypto';
import type { Clock } from '../events/clock';
import type { IncomingMessage, MessageRef, User } from '../robot/message';
import type { Store } from '../store/store';

export const CONFIRMATIONS_NS = 'auth.confirmations';
/** Decided and expired confirmations are kept this long, so a late click gets a real answer. */
const KEEP_AFTER_MS = 24 * 3_600_000;

export type ConfirmationStatus = 'pending' | 'approved' | 'running' | 'done' | 'cancelled' | 'expired';

export interface Confirmation {
  id: string;
  /** Spec name of the command, checked again when it is re-run. */
  command: string;
  mutates: boolean;
  target?: string;
  /** The command text (bot name removed) and the plan shown. */
  text: string;
  plan: string;
  /** The original message, re-dispatched on approval (so it works after a restart). */
  message: IncomingMessage;
  requester: User;
  createdAt: number;
  expiresAt: number;
  /** People other than the requester who must approve; 0 = one approval by anyone allowed. */
  approvers: number;
  approvals: User[];
  status: ConfirmationStatus;
  cancelledBy?: User;
  prompt?: MessageRef;
  outcome?: 'ok' | 'error';
}

export type ApproveResult =
  | { kind: 'unknown' }
  | { kind: 'expired'; confirmation: Confirmation }
  | { kind: 'closed'; confirmation: Confirmation }
  | { kind: 'self'; confirmation: Confirmation }
  | { kind: 'duplicate'; confirmation: Confirmation }
  | { kind: 'recorded'; confirmation: Confirmation; missing: number }
  | { kind: 'approved'; confirmation: Confirmation };

export type CancelResult = { kind: 'unknown' } | { kind: 'closed'; confirmation: Confirmation } | { kind: 'cancelled'; confirmation: Confirmation };

/**
 * Pending confirmations in the store. Every state change is one atomic store.update, so two
 * clicks on Approve (or a click racing a `yes`) move a confirmation to "approved" exactly once.
 */
export class Confirmations {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async create(input: Omit<Confirmation, 'id' | 'createdAt' | 'expiresAt' | 'approvals' | 'status'>): Promise<Confirmation> {
    const now = this.clock.now();
    for (;;) {
      const confirmation: Confirmation = { ...input, id: newId(), createdAt: now, expiresAt: now + this.ttlMs, approvals: [], status: 'pending' };
      if (await this.store.putIfAbsent(CONFIRMATIONS_NS, confirmation.id, confirmation, { ttlMs: this.ttlMs + KEEP_AFTER_MS })) return confirmation;
    }
  }

  get(id: string): Promise<Confirmation | undefined> {
    return this.store.get<Confirmation>(CONFIRMATIONS_NS, normalizeId(id));
  }

  async setPrompt(id: string, prompt: MessageRef): Promise<void> {
    await this.change(id, (c) => ({ ...c, prompt }));
  }

  async approve(id: string, user: User): Promise<ApproveResult> {
    const now = this.clock.now();
    let result: ApproveResult = { kind: 'unknown' };
    await this.change(id, (c) => {
      if (c.status === 'pending' && now >= c.expiresAt) {
        const expired = { ...c, status: 'expired' as const };
        result = { kind: 'expired', confirmation: expired };
        return expired;
      }
      if (c.status === 'expired') result = { kind: 'expired', confirmation: c };
      else if (c.status !== 'pending') result = { kind: 'closed', confirmation: c };
      else if (c.approvers > 0 && user.id === c.requester.id) result = { kind: 'self', confirmation: c };
      else if (c.approvals.some((a) => a.id === user.id)) result = { kind: 'duplicate', confirmation: c };
      else {
        const approvals = [...c.approvals, user];
        const missing = Math.max(c.approvers, 1) - approvals.length;
        const next: Confirmation = { ...c, approvals, status: missing <= 0 ? 'approved' : 'pending' };
        result = missing <= 0 ? { kind: 'approved', confirmation: next } : { kind: 'recorded', confirmation: next, missing };
        return next;
      }
      return c;
    });
    return result;
  }

  async cancel(id: string, user: User): Promise<CancelResult> {
    let result: CancelResult = { kind: 'unknown' };
    await this.change(id, (c) => {
      if (c.status !== 'pending') {
        result = { kind: 'closed', confirmation: c };
        return c;
      }
      const next = { ...c, status: 'cancelled' as const, cancelledBy: user };
      result = { kind: 'cancelled', confirmation: next };
      return next;
    });
    return result;
  }

  /** The re-run takes an approved confirmation exactly once ("approved" → "running"). */
  async claim(id: string): Promise<Confirmation | undefined> {
    let claimed: Confirmation | undefined;
    await this.change(id, (c) => {
      if (c.status !== 'approved') return c;
      claimed = { ...c, status: 'running' };
      return claimed;
    });
    return claimed;
  }

  async finish(id: string, outcome: 'ok' | 'error'): Promise<void> {
    await this.change(id, (c) => ({ ...c, status: 'done', outcome }));
  }

  /** Marks pending confirmations past their time as expired; returns them (to update prompts). */
  async expireDue(): Promise<Confirmation[]> {
    const now = this.clock.now();
    const expired: Confirmation[] = [];
    for (const { key, value } of await this.store.list<Confirmation>(CONFIRMATIONS_NS)) {
      if (value.status !== 'pending' || now < value.expiresAt) continue;
      await this.change(key, (c) => {
        if (c.status !== 'pending' || now < c.expiresAt) return c;
        const next = { ...c, status: 'expired' as const };
        expired.push(next);
        return next;
      });
    }
    return expired;
  }

  private async change(id: string, change: (current: Confirmation) => Confirmation): Promise<void> {
    const key = normalizeId(id);
    // Keeps the remaining TTL: a decided confirmation still disappears a day after it expired.
    const probe = await this.store.get<Confirmation>(CONFIRMATIONS_NS, key);
    if (!probe) return;
    const ttlMs = Math.max(1000, probe.expiresAt + KEEP_AFTER_MS - this.clock.now());
    await this.store.update<Confirmation>(CONFIRMATIONS_NS, key, (current) => (current ? change(current) : undefined), { ttlMs });
  }
}

/** Six letters and digits, easy to type in `yes <id>`; no 0/o/1/l to misread. */
function newId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export function normalizeId(id: string): string {
  return id.trim().toLowerCase();
}
