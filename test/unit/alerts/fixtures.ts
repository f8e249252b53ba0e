import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { AlertsSection, type AlertsConfig } from '../../../src/config/sections/alerts';
import { fingerprintOf, withStandardLabels, type Alert } from '../../../src/alerts/alert';
import { AlertRouter, type AlertChat } from '../../../src/alerts/router';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { renderText } from '../../../src/adapters/render-text';
import type { MessageRef, OutgoingMessage } from '../../../src/robot/message';

export class FakeClock {
  constructor(public ms = Date.parse('2024-05-01T10:00:00Z')) {}
  now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface ChatRecord {
  kind: 'post' | 'update' | 'thread';
  channel: string;
  ref: MessageRef;
  text: string;
  message: OutgoingMessage;
}

/** Records what the router sends; `failing` makes the next sends throw. */
export class RecordingChat implements AlertChat {
  readonly records: ChatRecord[] = [];
  failing = 0;
  private counter = 0;

  async send(channel: string, message: OutgoingMessage, options: { threadOf?: MessageRef }): Promise<MessageRef> {
    if (this.failing > 0) {
      this.failing -= 1;
      throw new Error('chat is down');
    }
    this.counter += 1;
    const ref = { id: `m${this.counter}`, channel, ts: String(this.counter) };
    this.records.push({ kind: options.threadOf ? 'thread' : 'post', channel, ref: options.threadOf ?? ref, text: renderText(message), message });
    return ref;
  }

  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    if (this.failing > 0) {
      this.failing -= 1;
      throw new Error('chat is down');
    }
    this.records.push({ kind: 'update', channel: ref.channel, ref, text: renderText(message), message });
  }

  kinds(): string[] {
    return this.records.map((record) => `${record.kind}:${record.channel}`);
  }
}

export function alertsConfig(input: Record<string, unknown> = {}): AlertsConfig {
  return AlertsSection.parse(input);
}

export function makeAlert(labels: Record<string, string>, overrides: Partial<Alert> = {}): Alert {
  return withStandardLabels({
    source: 'alertmanager',
    fingerprint: fingerprintOf(labels),
    status: 'firing',
    severity: (labels.severity as Alert['severity']) ?? 'warning',
    labels,
    summary: `${labels.alertname ?? 'alert'} on ${labels.instance ?? labels.service ?? '?'}`,
    links: [],
    startsAt: Date.parse('2024-05-01T10:00:00Z'),
    ...overrides,
  });
}

export interface Harness {
  router: AlertRouter;
  chat: RecordingChat;
  clock: FakeClock;
  store: SqliteStore;
  dir: string;
  /** A second router on the same store file, as after a restart. */
  restart(): Promise<AlertRouter>;
  close(): Promise<void>;
}

export async function createHarness(config: AlertsConfig, dir = mkdtempSync(join(tmpdir(), 'alerts-'))): Promise<Harness> {
  const clock = new FakeClock();
  const chat = new RecordingChat();
  let store = new SqliteStore({ file: join(dir, 'test.db'), clock });
  const logger = pino({ level: 'silent' });
  const router = new AlertRouter({ config, store, clock, logger, chat });
  await router.load();
  const harness: Harness = {
    router,
    chat,
    clock,
    store,
    dir,
    async restart() {
      await store.close();
      store = new SqliteStore({ file: join(dir, 'test.db'), clock });
      harness.store = store;
      const next = new AlertRouter({ config, store, clock, logger, chat });
      await next.load();
      harness.router = next;
      return next;
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
