import type { MessageRef, OutgoingMessage } from '../robot/message';

export interface MessageSink {
  send(message: OutgoingMessage): Promise<MessageRef>;
  update(ref: MessageRef, message: OutgoingMessage): Promise<void>;
}

/**
 * One message edited as a rollout progresses. Chat services rate-limit edits, so updates are
 * coalesced: at most one edit per `intervalMs`, always ending on the latest state.
 */
export class LivingMessage {
  private ref?: MessageRef;
  private latest?: OutgoingMessage;
  private dirty = false;
  private lastSent = 0;
  private timer?: NodeJS.Timeout;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sink: MessageSink,
    private readonly intervalMs = 1500,
    private readonly now: () => number = Date.now,
  ) {}

  async start(message: OutgoingMessage): Promise<MessageRef> {
    this.ref = await this.sink.send(message);
    this.lastSent = this.now();
    return this.ref;
  }

  get reference(): MessageRef | undefined {
    return this.ref;
  }

  set(message: OutgoingMessage): void {
    this.latest = message;
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.push();
    }, wait);
  }

  /** Sends the latest state now (the end of the rollout). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.push();
    await this.chain;
  }

  private push(): Promise<unknown> {
    if (!this.dirty || !this.ref || this.latest === undefined) return this.chain;
    const ref = this.ref;
    const message = this.latest;
    this.dirty = false;
    this.lastSent = this.now();
    this.chain = this.chain.then(() => this.sink.update(ref, message)).catch(() => undefined);
    return this.chain;
  }
}
