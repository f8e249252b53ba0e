import type { Logger } from 'pino';
import type { AlertsConfig } from '../config/sections/alerts';
import type { Clock } from '../events/clock';
import { describeError } from '../robot/errors';
import type { MessageRef, OutgoingMessage } from '../robot/message';
import type { Store } from '../store/store';
import type { Alert } from './alert';
import { GroupRepo, type LiveGroup } from './group-repo';
import { applyAlert, dueAction, expireEntry, newGroup, reminderDue, type AlertEntry, type GroupState } from './group-state';
import { listedEntries, renderGroup, renderOverflow } from './render';
import { groupIdOf, groupLabelsOf, resolveRoutes } from './routing';
import { SilenceStore, silencing, type Silence } from './silences';
import { formatDuration } from '../robot/format';

/** The chat side the router needs: robot.messageRoom and robot.delivery.update. */
export interface AlertChat {
  send(channel: string, message: OutgoingMessage, options: { threadOf?: MessageRef; key?: string }): Promise<MessageRef>;
  update(ref: MessageRef, message: OutgoingMessage): Promise<void>;
}

export interface AlertRouterOptions {
  config: AlertsConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  chat: AlertChat;
  /** Called for every message produced: post, update or thread (metrics, benches). */
  onMessage?: (kind: 'post' | 'update' | 'thread', channel: string) => void;
}

/**
 * Alerts in, as few messages as possible out: routes each alert to its channels, folds it into its
 * group (one living message per group and channel), and edits that message at most every
 * groupInterval. State is written through to the store before ingest() resolves.
 */
export class AlertRouter {
  readonly silences: SilenceStore;
  private groups = new Map<string, LiveGroup>();
  private readonly repo: GroupRepo;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly options: AlertRouterOptions) {
    this.repo = new GroupRepo(options.store);
    this.silences = new SilenceStore(options.store);
  }

  get config(): AlertsConfig {
    return this.options.config;
  }

  async load(): Promise<void> {
    this.groups = await this.repo.loadAll();
    await this.silences.load(this.options.clock.now());
  }

  /** Routes and stores the alerts; resolves once every change is in the store. */
  async ingest(alerts: readonly Alert[]): Promise<void> {
    const now = this.options.clock.now();
    const touched = new Map<string, Set<string>>();
    const dropped: Array<[string, string[]]> = [];
    for (const alert of alerts) {
      // A resolve goes wherever the alert fired, even if it carries different labels than its trigger.
      const holders = alert.status === 'resolved' ? [...this.groups.values()].filter((live) => live.entries.has(alert.fingerprint)).map((live) => live.group.destination) : [];
      for (const destination of holders.length > 0 ? holders : resolveRoutes(alert, this.config)) {
        const holder = holders.length > 0 ? [...this.groups.values()].find((live) => live.group.destination === destination && live.entries.has(alert.fingerprint)) : undefined;
        const labels = holder?.group.labels ?? groupLabelsOf(alert.labels, destination.groupBy);
        const id = holder?.group.id ?? groupIdOf(destination, labels);
        const live = this.groups.get(id) ?? { group: newGroup(id, destination, labels, now), entries: new Map<string, AlertEntry>() };
        const applied = applyAlert(live.group, live.entries.get(alert.fingerprint), alert, now, this.config.flapWindow);
        if (applied.reset) {
          dropped.push([id, [...live.entries.keys()].filter((fp) => fp !== alert.fingerprint)]);
          live.entries.clear();
        }
        live.group = applied.group;
        if (applied.entry) live.entries.set(alert.fingerprint, applied.entry);
        if (!applied.entry && !this.groups.has(id)) continue;
        this.groups.set(id, live);
        const fingerprints = touched.get(id) ?? new Set<string>();
        if (applied.entry) fingerprints.add(alert.fingerprint);
        touched.set(id, fingerprints);
      }
    }
    for (const [id, fingerprints] of dropped) await this.repo.deleteEntries(id, fingerprints);
    for (const [id, fingerprints] of touched) {
      const live = this.groups.get(id);
      if (!live) continue;
      await this.repo.putGroup(live.group);
      for (const fingerprint of fingerprints) {
        const entry = live.entries.get(fingerprint);
        if (entry) await this.repo.putEntry(id, entry);
      }
    }
  }

  /** Starts whatever is due (posts, edits, thread notes); resolves when those deliveries finished. */
  async flush(): Promise<void> {
    const now = this.options.clock.now();
    const silences = this.silences.active(now);
    const started: Promise<void>[] = [];
    for (const live of [...this.groups.values()]) {
      if (this.inFlight.has(live.group.id)) continue;
      const work = (async () => {
        if (!(await this.sweep(live, now))) await this.flushGroup(live, now, silences);
      })().finally(() => this.inFlight.delete(live.group.id));
      this.inFlight.set(live.group.id, work);
      started.push(work);
    }
    await Promise.all(started);
  }

  /** Expires timed-out alerts and forgets groups closed longer than the flap window. True when gone. */
  private async sweep(live: LiveGroup, now: number): Promise<boolean> {
    const group = live.group;
    if (group.closedAt !== undefined && now - group.closedAt > this.config.flapWindow) {
      this.groups.delete(group.id);
      await this.repo.deleteGroup(live);
      return true;
    }
    for (const entry of live.entries.values()) {
      const expired = expireEntry(entry, now);
      if (!expired) continue;
      live.entries.set(entry.alert.fingerprint, expired);
      live.group = { ...live.group, dirty: true };
      await this.repo.putEntry(group.id, expired);
      await this.repo.putGroup(live.group);
    }
    return false;
  }

  private async flushGroup(live: LiveGroup, now: number, silences: Silence[]): Promise<void> {
    const entries = [...live.entries.values()];
    const silenced = new Map<string, Silence>();
    for (const entry of entries) {
      const silence = silencing(entry.alert.labels, silences, now);
      if (silence) silenced.set(entry.alert.fingerprint, silence);
    }
    const firing = entries.filter((entry) => entry.alert.status === 'firing' && !silenced.has(entry.alert.fingerprint)).length;
    const action = dueAction(live.group, now);
    // A brand-new group whose alerts are all silenced stays quiet until something unsilenced fires.
    if (action === 'post' && firing === 0 && entries.some((entry) => entry.alert.status === 'firing')) return;
    if (reminderDue(live.group, firing, now)) {
      live.group = { ...live.group, remindedAt: now, notes: [...live.group.notes, `Still firing after ${formatDuration(now - live.group.openedAt)}: ${firing} alert${firing === 1 ? '' : 's'} (press Ack to stop reminders)`] };
    }
    if (action === 'none' && (live.group.notes.length === 0 || !live.group.ref)) return;

    const channel = live.group.destination.channel;
    const view = { group: live.group, entries, silenced, now, maxListed: this.config.maxListed };
    const shown = new Set(listedEntries(entries, this.config.maxListed).map((entry) => entry.alert.fingerprint));
    const notes = live.group.notes;
    live.group = { ...live.group, dirty: action === 'none' ? live.group.dirty : false, urgent: false, notes: [] };
    try {
      if (action === 'post') {
        const ref = await this.options.chat.send(channel, renderGroup(view), { key: `alerts:${live.group.id}:${live.group.incident}` });
        live.group = { ...live.group, ref, sentAt: now };
        this.options.onMessage?.('post', channel);
      } else if (action === 'update' && live.group.ref) {
        await this.options.chat.update(live.group.ref, renderGroup(view));
        live.group = { ...live.group, sentAt: now };
        this.options.onMessage?.('update', channel);
      }
      const ref = live.group.ref;
      if (ref && action !== 'none') {
        const unlisted = entries.filter((entry) => !entry.listed && !shown.has(entry.alert.fingerprint));
        for (const page of renderOverflow(unlisted)) {
          await this.options.chat.send(channel, page, { threadOf: ref });
          this.options.onMessage?.('thread', channel);
        }
        for (const entry of entries) {
          if (entry.listed) continue;
          const listed = { ...entry, listed: true };
          live.entries.set(entry.alert.fingerprint, listed);
          await this.repo.putEntry(live.group.id, listed);
        }
      }
      if (ref && notes.length > 0) {
        await this.options.chat.send(channel, notes.join('\n'), { threadOf: ref });
        this.options.onMessage?.('thread', channel);
      }
      if (action !== 'none' && entries.every((entry) => entry.alert.status === 'resolved') && !live.group.dirty) live.group = { ...live.group, closedAt: now };
      live.group = { ...live.group, failures: 0, retryAt: undefined };
    } catch (error) {
      // Logged at warn, never error: an error record would become an alert and could loop.
      const failures = (live.group.failures ?? 0) + 1;
      live.group = { ...live.group, dirty: live.group.dirty || action !== 'none', notes: [...notes, ...live.group.notes], failures, retryAt: now + Math.min(60_000, 1000 * 2 ** failures) };
      this.options.logger.warn({ component: 'alerts', group: live.group.id, channel, err: describeError(error) }, 'could not deliver an alert message; will retry');
    }
    await this.repo.putGroup(live.group);
  }

  // ---- questions and actions (commands, buttons) -----------------------------------------------

  groupList(): LiveGroup[] {
    return [...this.groups.values()];
  }

  group(id: string): LiveGroup | undefined {
    return this.groups.get(id);
  }

  /** Marks groups for an edit now (a button changed them or a silence covers them). */
  async touch(predicate: (live: LiveGroup) => boolean, change: Partial<GroupState> = {}): Promise<number> {
    let count = 0;
    for (const live of this.groups.values()) {
      if (!predicate(live)) continue;
      live.group = { ...live.group, ...change, dirty: live.group.dirty || live.group.ref !== undefined, urgent: true };
      await this.repo.putGroup(live.group);
      count += 1;
    }
    return count;
  }

  /** A note into the thread of every group holding this alert (monitor reminders). */
  async remind(fingerprint: string, note: string): Promise<void> {
    for (const live of this.groups.values()) {
      if (!live.entries.has(fingerprint) || live.group.closedAt !== undefined) continue;
      live.group = { ...live.group, notes: [...live.group.notes, note], remindedAt: this.options.clock.now() };
      await this.repo.putGroup(live.group);
    }
  }
}
