import { randomUUID } from 'node:crypto';
import type { ChatTransport, Delivery, SendOptions } from './delivery';
import type { MessageRef, OutgoingMessage, Target } from './message';

/** Delivery straight through the adapter, no queue: the shell's and the tests' way out. */
export class DirectDelivery implements Delivery {
  private readonly sent = new Map<string, { channel: string; ts: string }>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly transport: ChatTransport) {}

  async send(target: Target, message: OutgoingMessage, _options?: SendOptions): Promise<MessageRef> {
    const thread = target.thread ?? (target.threadOf ? this.sent.get(target.threadOf.id)?.ts ?? target.threadOf.ts : undefined);
    const posted = await this.track(this.transport.post({ channel: target.channel, thread }, message));
    const ref = { id: randomUUID(), channel: posted.channel, ts: posted.ts };
    this.sent.set(ref.id, posted);
    return ref;
  }

  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    const posted = this.sent.get(ref.id) ?? (ref.ts ? { channel: ref.channel, ts: ref.ts } : undefined);
    if (!posted) throw new Error(`cannot update message ${ref.id}: it was never sent`);
    await this.track(this.transport.edit(posted.channel, posted.ts, message));
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    return work.finally(() => this.pending.delete(work));
  }
}
