import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../events/clock';
import type { ChatTransport, Delivery, SendOptions } from '../robot/delivery';
import type { MessageRef, OutgoingMessage, Target } from '../robot/message';
import type { Store } from '../store/store';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { ChannelQueue, type QueueHost, type QueueItem } from './channel-queue';
import { createOutboxMetrics, type OutboxMetrics } from './outbox-metrics';
import { KEYS_NS, KEY_TTL_MS, OUTBOX_STREAM, REPORTED_NS, SENT_NS, SENT_TTL_MS, type OutboxEntry, type SentRecord } from './outbox-entry';
import type { Pacing } from './token-bucket';
import { PermanentDeliveryError, type Failure } from './transport-errors';
import type { Registry } from 'prom-client';

/** Slack's chat.postMessage limit: about one message per second per channel, short bursts allowed. */
export const SLACK_PACING: Pacing = { perSecond: 1, burst: 3, marginMs: 20 };

export interface OutboxOptions {
  transport: ChatTransport;
  store: Store;
  logger: Logger;
  clock: Clock;
  adminChannel?: string;
  pacing?: Pacing;
  backoff?: BackoffPolicy;
  registry?: Registry;
  /** Waits between attempts; tests pass one that advances a fake clock. */
  sleep?: (ms: number) => Promise<void>;
}

const SENT_CACHE = 10_000;

/**
 * The durable outbox. A message is appended to the store before anything is sent and removed once
 * the chat service accepted it, so a crash at any moment loses nothing: the next start resumes.
 * Delivery is at least once (a crash between "accepted" and "removed" repeats that one message).
 */
export class Outbox implements Delivery {
  readonly ready: Promise<void>;
  private readonly queues = new Map<string, ChannelQueue>();
  private readonly pendingPosts = new Map<string, QueueItem>();
  private readonly pendingUpdates = new Map<string, QueueItem>();
  private readonly sent = new Map<string, SentRecord>();
  private readonly drainWaiters = new Set<() => void>();
  private readonly host: QueueHost;
  private readonly metrics?: OutboxMetrics;
  private isStopped = false;

  constructor(private readonly options: OutboxOptions) {
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
    this.metrics = options.registry ? createOutboxMetrics(options.registry, () => this.pendingCount()) : undefined;
    this.host = {
      clock: options.clock,
      pacing: options.pacing ?? SLACK_PACING,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      logger: options.logger,
      sleep,
      stopped: () => this.isStopped,
      eligible: (item) => this.eligible(item),
      deliver: (item) => this.deliver(item),
      park: (item, code) => this.park(item, code),
      retrying: (item, failure) => this.retrying(item, failure),
      settled: () => this.afterRemoval(),
    };
    this.ready = this.load();
  }

  async send(target: Target, message: OutgoingMessage, options: SendOptions = {}): Promise<MessageRef> {
    await this.ready;
    const id = randomUUID();
    if (options.key) {
      const fresh = await this.options.store.putIfAbsent(KEYS_NS, options.key, { id, channel: target.channel }, { ttlMs: KEY_TTL_MS });
      if (!fresh) {
        const existing = await this.options.store.get<{ id: string; channel: string }>(KEYS_NS, options.key);
        if (existing) return { id: existing.id, channel: existing.channel, ts: this.sent.get(existing.id)?.ts };
      }
    }
    const entry: OutboxEntry = {
      op: 'post',
      id,
      key: options.key ?? id,
      channel: target.channel,
      thread: target.thread,
      threadOf: target.thread ? undefined : target.threadOf?.id,
      threadOfTs: target.thread ? undefined : target.threadOf?.ts,
      message,
      kind: options.kind ?? 'unprompted',
      createdAt: this.options.clock.now(),
      attempts: 0,
    };
    const seq = await this.options.store.append(OUTBOX_STREAM, entry);
    this.enqueue({ seq, entry, inFlight: false });
    return { id, channel: target.channel };
  }

  /** Replaces a message; while an earlier version still waits to go out, the two are coalesced. */
  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    await this.ready;
    const waiting = [this.pendingPosts.get(ref.id), this.pendingUpdates.get(ref.id)].find((item) => item && !item.inFlight);
    if (waiting) {
      waiting.entry = { ...waiting.entry, message };
      await this.options.store.replace(OUTBOX_STREAM, waiting.seq, waiting.entry);
      return;
    }
    const post = this.pendingPosts.get(ref.id);
    let known = this.sent.get(ref.id);
    if (!post && !known) {
      known = (await this.options.store.get<SentRecord>(SENT_NS, ref.id)) ?? (ref.ts ? { channel: ref.channel, ts: ref.ts } : undefined);
      if (!known) throw new Error(`cannot update message ${ref.id}: it was never sent`);
      this.remember(ref.id, known);
    }
    const entry: OutboxEntry = {
      op: 'update',
      id: ref.id,
      key: `${ref.id}:update:${randomUUID()}`,
      channel: post?.entry.channel ?? ref.channel,
      ts: known?.ts ?? ref.ts,
      message,
      kind: post?.entry.kind ?? 'unprompted',
      createdAt: this.options.clock.now(),
      attempts: 0,
    };
    const seq = await this.options.store.append(OUTBOX_STREAM, entry);
    this.enqueue({ seq, entry, inFlight: false });
  }

  async flush(timeoutMs = 30_000): Promise<void> {
    await this.ready;
    if (this.pendingCount() === 0 || this.isStopped) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.drainWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      this.drainWaiters.add(done);
    });
  }

  /** Stops sending; whatever is queued stays in the store for the next start. */
  stop(): void {
    this.isStopped = true;
    for (const waiter of [...this.drainWaiters]) waiter();
  }

  pendingCount(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.size;
    return count;
  }

  private enqueue(item: QueueItem): void {
    const { entry } = item;
    if (entry.op === 'post') this.pendingPosts.set(entry.id, item);
    else this.pendingUpdates.set(entry.id, item);
    let queue = this.queues.get(entry.channel);
    if (!queue) {
      queue = new ChannelQueue(entry.channel, this.host);
      this.queues.set(entry.channel, queue);
    }
    queue.add(item);
  }

  private eligible(item: QueueItem): boolean {
    const { entry } = item;
    // An edit waits for its message to be posted; a threaded reply for its parent.
    if (entry.op === 'update') return !this.pendingPosts.has(entry.id);
    if (entry.thread || !entry.threadOf) return true;
    return !this.pendingPosts.has(entry.threadOf);
  }

  private async deliver(item: QueueItem): Promise<void> {
    const { entry } = item;
    // After shutdown closed the store nothing may go out: it could not be marked delivered.
    if (!(await this.options.store.ping().catch(() => false))) {
      this.stop();
      throw new Error('the outbox stopped: the store is closed');
    }
    if (entry.op === 'post') {
      const thread = entry.thread ?? (entry.threadOf ? this.sent.get(entry.threadOf)?.ts ?? entry.threadOfTs : undefined);
      const posted = await this.options.transport.post({ channel: entry.channel, thread }, entry.message);
      this.remember(entry.id, posted);
      if (this.pendingPosts.get(entry.id) === item) this.pendingPosts.delete(entry.id);
      // Removed first: a crash before the next line costs a lookup, never a duplicate message.
      await this.persist(() => this.options.store.remove(OUTBOX_STREAM, [item.seq]));
      await this.persist(() => this.options.store.put(SENT_NS, entry.id, posted, { ttlMs: SENT_TTL_MS }));
      this.metrics?.sent.inc({ op: 'post' });
      // Messages waiting on this one (threaded replies, edits) may now go, in any channel.
      for (const queue of this.queues.values()) if (queue.channel !== entry.channel) queue.kick();
    } else {
      const target = this.sent.get(entry.id) ?? (entry.ts ? { channel: entry.channel, ts: entry.ts } : undefined);
      if (!target) throw new PermanentDeliveryError('message_not_posted', 'the message to update was never posted');
      await this.options.transport.edit(target.channel, target.ts, entry.message);
      if (this.pendingUpdates.get(entry.id) === item) this.pendingUpdates.delete(entry.id);
      await this.persist(() => this.options.store.remove(OUTBOX_STREAM, [item.seq]));
      this.metrics?.sent.inc({ op: 'update' });
    }
  }

  private async park(item: QueueItem, code: string): Promise<void> {
    const { entry } = item;
    if (this.pendingPosts.get(entry.id) === item) this.pendingPosts.delete(entry.id);
    if (this.pendingUpdates.get(entry.id) === item) this.pendingUpdates.delete(entry.id);
    entry.parked = { code, at: this.options.clock.now() };
    await this.persist(() => this.options.store.replace(OUTBOX_STREAM, item.seq, entry));
    this.metrics?.parked.inc();
    this.options.logger.warn({ channel: entry.channel, code, op: entry.op }, `outbox: message to ${entry.channel} parked: ${code}`);
    this.afterRemoval();
    await this.reportParked(entry.channel, code);
  }

  /** One note per channel and error a day, never about the admin channel itself (no loops). */
  private async reportParked(channel: string, code: string): Promise<void> {
    const admin = this.options.adminChannel;
    if (!admin || channel === admin || this.isStopped) return;
    const fresh = await this.options.store.putIfAbsent(REPORTED_NS, `${channel}:${code}`, true, { ttlMs: 86_400_000 }).catch(() => false);
    if (!fresh) return;
    const text = `A message for ${channel} could not be delivered (${code}). It is parked: \`outbox status\` lists it.`;
    await this.send({ channel: admin }, { title: 'Undeliverable message parked', text, tone: 'warning' }, { kind: 'unprompted' }).catch((error) =>
      this.options.logger.warn({ err: error }, 'outbox: could not queue the parked-message report'),
    );
  }

  private async retrying(item: QueueItem, failure: Failure): Promise<void> {
    item.entry = { ...item.entry, attempts: item.entry.attempts + 1 };
    this.metrics?.retries.inc({ reason: failure.kind });
    const detail = failure.kind === 'rate_limited' ? `rate limited for ${failure.retryAfterMs} ms` : failure.kind === 'transient' ? failure.reason : failure.code;
    this.options.logger.warn({ channel: item.entry.channel, attempts: item.entry.attempts, reason: failure.kind }, `outbox: delivery to ${item.entry.channel} will be retried: ${detail}`);
    await this.persist(() => this.options.store.replace(OUTBOX_STREAM, item.seq, item.entry));
  }

  private afterRemoval(): void {
    if (this.pendingCount() > 0) return;
    for (const waiter of [...this.drainWaiters]) waiter();
  }

  private remember(id: string, record: SentRecord): void {
    this.sent.set(id, record);
    if (this.sent.size > SENT_CACHE) this.sent.delete(this.sent.keys().next().value as string);
  }

  /** A store that was closed under us (shutdown) stops the outbox; the queue stays on disk. */
  private async persist(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!(await this.options.store.ping().catch(() => false))) {
        this.stop();
        return;
      }
      throw error;
    }
  }

  /** Resumes what an earlier run left in the store. */
  private async load(): Promise<void> {
    const { store } = this.options;
    const entries = await store.read<OutboxEntry>(OUTBOX_STREAM);
    const live = entries.filter((row) => !row.value.parked);
    const pendingIds = new Set(live.filter((row) => row.value.op === 'post').map((row) => row.value.id));
    const referenced = new Set(live.flatMap((row) => [row.value.op === 'update' ? row.value.id : undefined, row.value.threadOf]).filter((id): id is string => Boolean(id) && !pendingIds.has(id!)));
    for (const id of referenced) {
      const record = await store.get<SentRecord>(SENT_NS, id);
      if (record) this.remember(id, record);
    }
    for (const row of live) this.enqueue({ seq: row.seq, entry: row.value, inFlight: false });
    if (live.length > 0) this.options.logger.info({ messages: live.length }, 'outbox: resuming messages queued before the restart');
  }
}
