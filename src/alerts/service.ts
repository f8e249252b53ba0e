import type { Counter } from 'prom-client';
import type { Clock } from '../events/clock';
import { OpsError } from '../robot/errors';
import type { Alert, AlertSource } from './alert';
import type { AlertEntry } from './group-state';
import { matchesAll, type Matcher } from './matchers';
import type { AlertRouter } from './router';
import { resolveRoutes, routeMatchers, type Destination } from './routing';
import type { Silence } from './silences';

declare module '../robot/services' {
  interface Services {
    alerts: AlertService;
  }
}

export interface FiringAlert {
  entry: AlertEntry;
  channels: string[];
  groupId: string;
  ackedBy?: string;
  silence?: Silence;
}

/** What scripts and buttons use: ingest, list, silence, acknowledge, explain routing. */
export class AlertService {
  constructor(
    readonly router: AlertRouter,
    private readonly clock: Clock,
    private readonly received?: Counter<'source'>,
  ) {}

  async ingest(alerts: Alert[], source: AlertSource): Promise<void> {
    await this.router.ingest(alerts);
    this.received?.inc({ source }, alerts.length);
  }

  /** Firing alerts (not info notices), one row per fingerprint with every channel it went to. */
  firing(): FiringAlert[] {
    const now = this.clock.now();
    const silences = this.router.silences.active(now);
    const rows = new Map<string, FiringAlert>();
    for (const live of this.router.groupList()) {
      for (const entry of live.entries.values()) {
        if (entry.alert.status !== 'firing' || entry.alert.severity === 'info') continue;
        const row = rows.get(entry.alert.fingerprint);
        if (row) row.channels.push(live.group.destination.channel);
        else {
          const silence = silences.find((s) => matchesAll(entry.alert.labels, s.matchers));
          rows.set(entry.alert.fingerprint, { entry, channels: [live.group.destination.channel], groupId: live.group.id, ackedBy: live.group.ackedBy, silence });
        }
      }
    }
    return [...rows.values()].sort((a, b) => a.entry.alert.startsAt - b.entry.alert.startsAt);
  }

  routeTest(labels: Record<string, string>): Destination[] {
    return resolveRoutes({ labels }, this.router.config);
  }

  describeRoute(destination: Destination): string {
    if (destination.route === 'default') return 'the default channel (no route matched)';
    if (destination.route === 'hint') return "the event's own channel (no route matched)";
    const route = this.router.config.routes[destination.route];
    const matchers = routeMatchers(route).map((m) => `${m.name}${m.op}${m.value}`).join(' ') || 'everything';
    return `route ${destination.route + 1} (${matchers}${route.continue ? ', continue' : ''})`;
  }

  async silence(matchers: Matcher[], durationMs: number, createdBy: string, comment: string): Promise<{ silence: Silence; groups: number }> {
    if (matchers.length === 0) throw new OpsError('bad_input', 'a silence needs at least one matcher, e.g. service=db');
    if (matchers.every((m) => (m.op === '=~' && /^\.\*$/.test(m.value)) || (m.op === '!=' && m.value === ''))) throw new OpsError('bad_input', 'that silence would match every alert; name a label value');
    const now = this.clock.now();
    const silence = await this.router.silences.add({ matchers, startsAt: now, endsAt: now + durationMs, createdBy, comment });
    const groups = await this.router.touch((live) => [...live.entries.values()].some((entry) => matchesAll(entry.alert.labels, matchers)));
    return { silence, groups };
  }

  async unsilence(id: string): Promise<Silence> {
    const ended = await this.router.silences.expire(id, this.clock.now());
    if (!ended) throw new OpsError('not_found', `no active silence ${id}; \`alerts silences\` lists them`);
    await this.router.touch((live) => [...live.entries.values()].some((entry) => matchesAll(entry.alert.labels, ended.matchers)));
    return ended;
  }

  async ack(groupId: string, by: string): Promise<void> {
    const live = this.router.group(groupId);
    if (!live) throw new OpsError('not_found', 'that alert group is gone (resolved and cleaned up)');
    if (live.group.ackedBy) throw new OpsError('conflict', `already acknowledged by ${live.group.ackedBy}`);
    await this.router.touch((candidate) => candidate.group.id === groupId, { ackedBy: by });
  }

  /** PagerDuty-style acknowledge of one alert: acknowledges every group holding it. */
  async acknowledgeAlert(fingerprint: string, by: string): Promise<void> {
    await this.router.touch((live) => live.entries.has(fingerprint) && !live.group.ackedBy, { ackedBy: by });
  }

  /** Silences what the group shares: its group labels, or the labels all its alerts have in common. */
  async silenceGroup(groupId: string, durationMs: number, by: string): Promise<Silence> {
    const live = this.router.group(groupId);
    if (!live) throw new OpsError('not_found', 'that alert group is gone (resolved and cleaned up)');
    let labels = Object.entries(live.group.labels).filter(([, value]) => value !== '');
    if (labels.length === 0) {
      const entries = [...live.entries.values()];
      labels = Object.entries(entries[0]?.alert.labels ?? {}).filter(([name, value]) => entries.every((entry) => entry.alert.labels[name] === value));
    }
    const matchers: Matcher[] = labels.map(([name, value]) => ({ name, op: '=', value }));
    const { silence } = await this.silence(matchers, durationMs, by, 'silenced from the alert message');
    return silence;
  }
}


declare module '../robot/services' {
  interface Services {
    /** Tests inject the trusted SNS certificate here (the URL host check still applies). */
    alertsCertificateFetcher: (url: string) => Promise<string>;
    /** Tests observe SNS subscription confirmations here instead of fetching the URL. */
    alertsSubscriptionConfirmer: (url: string) => Promise<void>;
  }
}
