import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { EventBus } from '../events/bus';
import type { Clock } from '../events/clock';
import { OpsError } from '../robot/errors';
import type { CheckRunner } from './checks/run-check';
import { MonitorRepository } from './monitor-repository';
import { emitAnnouncement } from './announce';
import { buildView, type MonitorView } from './monitor-view';
import { nextCheckDelay, step, type MachineInput } from './state-machine';
import { TimerHeap } from './timer-heap';
import { initialState, type CheckResult, type MonitorDefinition, type MonitorState } from './types';
import { recordCheck, type UptimeRecord } from './uptime';

export type { MonitorView } from './monitor-view';

export interface MonitorServiceOptions {
  repository: MonitorRepository;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  runCheck: CheckRunner;
  /** Checks in flight at once across all monitors. */
  concurrency?: number;
  /** First checks of monitors never checked before are spread over min(interval, this). */
  startSpreadMs?: number;
  /** Check times and uptime are written in batches this often (transitions are written at once). */
  flushEveryMs?: number;
  random?: () => number;
  onCheck?: (monitor: MonitorDefinition, result: CheckResult) => void;
}

/**
 * Runs every monitor from one timer (a heap of due times) with bounded concurrency, feeds results
 * to the pure state machine, persists transitions before announcing them, and emits
 * monitor.down / monitor.up / monitor.reminder. It never posts to chat.
 */
export class MonitorService {
  private readonly monitors = new Map<string, MonitorDefinition>();
  private readonly states = new Map<string, MonitorState>();
  private readonly uptime = new Map<string, UptimeRecord>();
  private readonly dirty = new Set<string>();
  private readonly inFlight = new Map<string, Promise<CheckResult>>();
  private readonly heap = new TimerHeap();
  private readonly limit: ReturnType<typeof pLimit>;
  private timer?: NodeJS.Timeout;
  private armedFor?: number;
  private flushTimer?: NodeJS.Timeout;
  private running = false;
  private readonly repository: MonitorRepository;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly options: MonitorServiceOptions) {
    this.repository = options.repository;
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.limit = pLimit(options.concurrency ?? 100);
  }

  /** Loads persisted state for these monitors (forgetting monitors that no longer exist) and schedules them. */
  async load(definitions: MonitorDefinition[]): Promise<void> {
    for (const definition of definitions) this.monitors.set(key(definition.name), definition);
    const [states, uptime] = await Promise.all([this.repository.loadStates(), this.repository.loadUptime()]);
    for (const [name, state] of states) {
      if (this.monitors.has(key(name))) this.states.set(key(name), state);
      else await this.repository.forget(name);
    }
    for (const [name, record] of uptime) if (this.monitors.has(key(name))) this.uptime.set(key(name), record);
    const now = this.clock.now();
    for (const definition of definitions) this.heap.schedule(key(definition.name), this.firstDue(definition, now));
  }

  private firstDue(definition: MonitorDefinition, now: number): number {
    const state = this.states.get(key(definition.name));
    if (state?.paused) return state.paused.until ?? Number.POSITIVE_INFINITY;
    const spread = Math.min(definition.interval, this.options.startSpreadMs ?? 30_000);
    // After a restart a monitor keeps its phase; a new one starts at a random point so a fleet of
    // thousands does not fire at once.
    if (state?.lastCheckAt !== undefined) {
      const due = state.lastCheckAt + nextCheckDelay(state, definition, now);
      return due > now ? due : now + this.random() * Math.min(spread, 5_000);
    }
    return now + this.random() * spread;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm();
    const every = this.options.flushEveryMs ?? 15_000;
    this.flushTimer = setInterval(() => void this.flush().catch((error) => this.options.logger.warn({ err: error }, 'monitor: flushing check times failed')), every);
    this.flushTimer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight.values()]);
    await this.flush();
  }

  /** One timer for the whole fleet, set for the earliest due check. */
  private arm(): void {
    if (!this.running) return;
    const next = this.heap.peek();
    if (next === undefined || !Number.isFinite(next)) return;
    if (this.timer && this.armedFor !== undefined && this.armedFor <= next) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.min(Math.max(0, next - this.clock.now()), 2 ** 31 - 1);
    this.armedFor = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.armedFor = undefined;
      this.runDue();
      this.arm();
    }, delay);
    this.timer.unref();
  }

  /** Starts every check that is due now (the timer calls this; tests with a manual clock too). */
  runDue(): Promise<CheckResult[]> {
    const now = this.clock.now();
    const started: Array<Promise<CheckResult>> = [];
    for (const { name, at } of this.heap.popDue(now)) {
      const definition = this.monitors.get(name);
      if (!definition) continue;
      const state = this.stateOf(name);
      if (state.paused && (state.paused.until === undefined || state.paused.until > now)) {
        if (state.paused.until !== undefined) this.heap.schedule(name, state.paused.until);
        continue;
      }
      started.push(this.check(definition, at));
    }
    return Promise.all(started);
  }

  /** Runs one check (queued behind the concurrency bound), applies it, schedules the next. */
  private check(definition: MonitorDefinition, plannedAt?: number): Promise<CheckResult> {
    const name = key(definition.name);
    const running = this.inFlight.get(name);
    if (running) return running;
    const work = this.limit(() => this.options.runCheck(definition)).then(async (result) => {
      this.options.onCheck?.(definition, result);
      if (this.monitors.get(name) !== definition) return result;
      await this.apply(definition, { kind: 'result', result });
      const now = this.clock.now();
      const state = this.stateOf(name);
      const delay = nextCheckDelay(state, definition, now);
      const base = state.status !== 'pending' && plannedAt !== undefined ? plannedAt : now;
      this.heap.schedule(name, Math.max(base + delay, now));
      this.arm();
      return result;
    });
    const tracked = work.finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, tracked);
    return tracked;
  }

  private async apply(definition: MonitorDefinition, input: MachineInput): Promise<MonitorState> {
    const name = key(definition.name);
    const before = this.stateOf(name);
    const now = this.clock.now();
    const { state, announcements } = step(before, input, definition, now);
    this.states.set(name, state);
    if (input.kind === 'result') this.recordUptime(name, definition, before, input.result);
    const transition = state.status !== before.status || Boolean(state.paused) !== Boolean(before.paused) || announcements.length > 0 || input.kind !== 'result';
    if (transition) {
      // Written before it is announced: a crash in between loses an announcement rather than
      // repeating one after the restart.
      await this.repository.saveState(definition.name, state);
      this.dirty.delete(name);
    } else this.dirty.add(name);
    for (const announcement of announcements) {
      this.options.logger.info({ monitor: definition.name, announcement }, `monitor ${announcement.type}`);
      emitAnnouncement(this.options.bus, definition, announcement);
    }
    return state;
  }

  private recordUptime(name: string, definition: MonitorDefinition, before: MonitorState, result: CheckResult): void {
    const weight = before.lastCheckAt !== undefined ? Math.min(Math.max(0, result.at - before.lastCheckAt), definition.interval) : definition.interval;
    this.uptime.set(name, recordCheck(this.uptime.get(name), result.at, result.ok, weight));
    this.dirty.add(name);
  }

  /** Writes check times and uptime gathered since the last flush. */
  async flush(): Promise<void> {
    const names = [...this.dirty];
    this.dirty.clear();
    for (const name of names) {
      const definition = this.monitors.get(name);
      if (!definition) continue;
      const state = this.states.get(name);
      if (state) await this.repository.saveState(definition.name, state);
      const record = this.uptime.get(name);
      if (record) await this.repository.saveUptime(definition.name, record);
    }
  }

  // ---- what commands use ------------------------------------------------------------------

  find(name: string): MonitorDefinition {
    const definition = this.monitors.get(key(name));
    if (!definition) {
      const known = [...this.monitors.values()].map((m) => m.name);
      throw new OpsError('not_found', `no monitor named ${name}${known.length ? ` (known: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''})` : ''}`);
    }
    return definition;
  }

  has(name: string): boolean {
    return this.monitors.has(key(name));
  }

  list(): MonitorView[] {
    return [...this.monitors.values()].map((definition) => this.view(definition.name));
  }

  view(name: string): MonitorView {
    const definition = this.find(name);
    return buildView(definition, this.stateOf(key(name)), this.uptime.get(key(name)), this.clock.now());
  }

  /** Checks now, outside the schedule; the result counts like any other check. */
  async checkNow(name: string): Promise<{ result: CheckResult; view: MonitorView }> {
    const definition = this.find(name);
    if (this.stateOf(key(name)).paused) {
      // Maintenance: show what the target answers without moving the state.
      const result = await this.limit(() => this.options.runCheck(definition));
      return { result, view: this.view(name) };
    }
    this.heap.cancel(key(name));
    const result = await this.check(definition);
    return { result, view: this.view(name) };
  }

  async pause(name: string, until: number | undefined, by: string): Promise<MonitorView> {
    const definition = this.find(name);
    await this.apply(definition, { kind: 'pause', until, by });
    if (until !== undefined) this.heap.schedule(key(name), until);
    else this.heap.cancel(key(name));
    this.arm();
    return this.view(name);
  }

  async resume(name: string): Promise<MonitorView> {
    const definition = this.find(name);
    await this.apply(definition, { kind: 'resume' });
    this.heap.schedule(key(name), this.clock.now());
    this.arm();
    return this.view(name);
  }

  /** Adds (or, at start, restores) a monitor; its first check is due at once. */
  async addMonitor(definition: MonitorDefinition): Promise<void> {
    if (this.monitors.has(key(definition.name))) throw new OpsError('conflict', `a monitor named ${definition.name} exists already`);
    this.monitors.set(key(definition.name), definition);
    this.heap.schedule(key(definition.name), this.clock.now());
    this.arm();
  }

  async removeMonitor(name: string): Promise<MonitorDefinition> {
    const definition = this.find(name);
    this.monitors.delete(key(name));
    this.states.delete(key(name));
    this.uptime.delete(key(name));
    this.dirty.delete(key(name));
    this.heap.cancel(key(name));
    await this.repository.forget(definition.name);
    return definition;
  }

  /** When the next scheduled check of a monitor is due (tests, status). */
  nextDue(name: string): number | undefined {
    return this.heap.dueAt(key(name));
  }

  private stateOf(name: string): MonitorState {
    let state = this.states.get(name);
    if (!state) {
      state = initialState(this.clock.now());
      this.states.set(name, state);
    }
    return state;
  }
}

function key(name: string): string {
  return name.toLowerCase();
}
