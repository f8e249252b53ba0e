import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { Outbox, type OutboxOptions } from '../../../src/outbox/outbox';
import type { ChatTransport } from '../../../src/robot/delivery';
import { renderText } from '../../../src/adapters/render-text';
import type { OutgoingMessage } from '../../../src/robot/message';
import { SqliteStore } from '../../../src/store/sqlite-store';

export interface WireCall {
  op: 'post' | 'edit';
  channel: string;
  thread?: string;
  ts: string;
  text: string;
  at: number;
}

/** A manual clock; the outbox's sleeps advance it, so pacing tests take no real time. */
export class ManualClock {
  constructor(public t = 1_700_000_000_000) {}
  now = () => this.t;
  sleep = async (ms: number) => {
    this.t += ms;
    await new Promise((resolve) => setImmediate(resolve));
  };
}

/**
 * A chat transport that records what reached the wire. `next` decides each call's fate: return
 * nothing to accept it, throw to fail it, or return a promise to hold it.
 */
export class RecordingTransport implements ChatTransport {
  readonly calls: WireCall[] = [];
  readonly attempts: Array<{ op: string; channel: string; at: number }> = [];
  next?: (op: 'post' | 'edit', channel: string, text: string) => void | Promise<void>;
  private counter = 0;

  constructor(private readonly clock: { now(): number }) {}

  async post(target: { channel: string; thread?: string }, message: OutgoingMessage): Promise<{ channel: string; ts: string }> {
    this.attempts.push({ op: 'post', channel: target.channel, at: this.clock.now() });
    await this.next?.('post', target.channel, renderText(message));
    this.counter += 1;
    const ts = `1700000000.${String(this.counter).padStart(6, '0')}`;
    this.calls.push({ op: 'post', channel: target.channel, thread: target.thread, ts, text: renderText(message), at: this.clock.now() });
    return { channel: target.channel, ts };
  }

  async edit(channel: string, ts: string, message: OutgoingMessage): Promise<void> {
    this.attempts.push({ op: 'edit', channel, at: this.clock.now() });
    await this.next?.('edit', channel, renderText(message));
    this.calls.push({ op: 'edit', channel, ts, text: renderText(message), at: this.clock.now() });
  }

  posts(channel?: string): WireCall[] {
    return this.calls.filter((call) => call.op === 'post' && (!channel || call.channel === channel));
  }
}

export function tempStore(clock: ManualClock, dir = mkdtempSync(join(tmpdir(), 'outbox-test-'))): { store: SqliteStore; dir: string; cleanup(): void } {
  const store = new SqliteStore({ file: join(dir, 'opsbot.db'), clock });
  return { store, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function createOutbox(options: Partial<OutboxOptions> & Pick<OutboxOptions, 'transport' | 'store'> & { clock: ManualClock }): Outbox {
  return new Outbox({
    logger: pino({ level: 'silent' }),
    sleep: options.clock.sleep,
    adminChannel: 'ops-alerts',
    registry: new Registry(),
    ...options,
  });
}
