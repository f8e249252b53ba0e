import type { Logger } from 'pino';
import type { Clock } from '../events/clock';
import { backoffMs, type BackoffPolicy } from './backoff';
import type { OutboxEntry } from './outbox-entry';
import { fullBucket, pausedUntil, take, waitMs, type BucketState, type Pacing } from './token-bucket';
import { classifyFailure, type Failure } from './transport-errors';

export interface QueueItem {
  seq: number;
  entry: OutboxEntry;
  inFlight: boolean;
}

/** What a channel queue needs from the outbox that owns it. */
export interface QueueHost {
  clock: Clock;
  pacing: Pacing;
  backoff: BackoffPolicy;
  logger: Logger;
  sleep(ms: number): Promise<void>;
  stopped(): boolean;
  /** False while the item waits for another message (its thread parent) to be posted. */
  eligible(item: QueueItem): boolean;
  /** Sends the item; resolves once the chat service accepted it and the queue entry is gone. */
  deliver(item: QueueItem): Promise<void>;
  park(item: QueueItem, code: string): Promise<void>;
  retrying(item: QueueItem, failure: Failure): Promise<void>;
  /** An item left the queue for good. */
  settled(): void;
}

/**
 * One channel's messages: sent one at a time, in order, paced by a token bucket. Replies to
 * commands go before unprompted messages waiting in the same channel; edits need no token.
 * A 429 blocks only this channel for exactly Retry-After; other channels keep going.
 */
export class ChannelQueue {
  readonly items: QueueItem[] = [];
  private bucket: BucketState;
  private blockedUntil = 0;
  private failures = 0;
  private running = false;

  constructor(
    readonly channel: string,
    private readonly host: QueueHost,
  ) {
    this.bucket = fullBucket(host.pacing, host.clock.now());
  }

  get size(): number {
    return this.items.length;
  }

  add(item: QueueItem): void {
    this.items.push(item);
    this.kick();
  }

  remove(item: QueueItem): void {
    const index = this.items.indexOf(item);
    if (index >= 0) this.items.splice(index, 1);
  }

  kick(): void {
    if (!this.running && this.items.length > 0) void this.run();
  }

  private pick(): QueueItem | undefined {
    let reply: QueueItem | undefined;
    let unprompted: QueueItem | undefined;
    for (const item of this.items) {
      if (item.inFlight || !this.host.eligible(item)) continue;
      if (item.entry.op === 'update') return item;
      if (item.entry.kind === 'reply') reply ??= item;
      else unprompted ??= item;
    }
    return reply ?? unprompted;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.host.stopped()) {
        const item = this.pick();
        if (!item) return;
        const now = this.host.clock.now();
        const wait = Math.max(this.blockedUntil - now, item.entry.op === 'post' ? waitMs(this.bucket, this.host.pacing, now) : 0);
        if (wait > 0) {
          // Pick again afterwards: a reply may have arrived meanwhile and goes first.
          await this.host.sleep(wait);
          continue;
        }
        await this.attempt(item);
      }
    } catch (error) {
      this.host.logger.warn({ err: error, channel: this.channel }, 'outbox queue stopped on an unexpected error');
    } finally {
      this.running = false;
    }
  }

  private async attempt(item: QueueItem): Promise<void> {
    item.inFlight = true;
    // The token is spent when Slack has answered, not when the request left: the request reached
    // Slack before that, so however the network delays vary, Slack never sees two sends closer
    // than the pace allows.
    const spend = () => {
      if (item.entry.op === 'post') this.bucket = take(this.bucket, this.host.pacing, this.host.clock.now());
    };
    try {
      await this.host.deliver(item);
      spend();
      this.failures = 0;
      this.remove(item);
      this.host.settled();
    } catch (error) {
      spend();
      if (this.host.stopped()) return;
      const failure = classifyFailure(error);
      const now = this.host.clock.now();
      if (failure.kind === 'permanent') {
        this.remove(item);
        await this.host.park(item, failure.code);
        return;
      }
      if (failure.kind === 'rate_limited') {
        this.blockedUntil = now + failure.retryAfterMs;
        this.bucket = pausedUntil(this.blockedUntil);
      } else {
        this.failures += 1;
        this.blockedUntil = now + backoffMs(this.failures, this.host.backoff);
      }
      await this.host.retrying(item, failure);
    } finally {
      item.inFlight = false;
    }
  }
}
