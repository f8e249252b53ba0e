import type { LogErrorEvent } from '../../events/bus';
import type { DeployFinished, DeployStarted, MonitorDown, MonitorEvent, MonitorUp, ScaleDecided, ScaleFailed } from '../../events/ops-events';
import { formatDuration } from '../../robot/format';
import { fingerprintOf, withStandardLabels, type Alert } from '../alert';

// Bus events → alerts (pure). Each keeps the emitter's channel as a hint (used when no route matches).

function monitorLabels(event: MonitorEvent): Record<string, string> {
  return { ...event.labels, alertname: 'MonitorDown', monitor: event.monitor, severity: event.severity };
}

export function monitorFingerprint(event: MonitorEvent): string {
  return fingerprintOf({ source: 'monitor', monitor: event.monitor });
}

export function fromMonitorDown(event: MonitorDown): Alert {
  return withStandardLabels({
    source: 'monitor',
    fingerprint: monitorFingerprint(event),
    status: 'firing',
    severity: event.severity,
    service: event.labels.service,
    labels: monitorLabels(event),
    summary: `${event.monitor}: ${event.reason}`,
    details: `target ${event.target}`,
    links: /^https?:/.test(event.target) ? [{ label: 'target', url: event.target }] : [],
    startsAt: event.downSince,
    channel: event.channel,
  });
}

export function fromMonitorUp(event: MonitorUp): Alert {
  return withStandardLabels({
    source: 'monitor',
    fingerprint: monitorFingerprint(event),
    status: 'resolved',
    severity: event.severity,
    service: event.labels.service,
    labels: monitorLabels(event),
    summary: `${event.monitor}: back up`, // the renderer appends "after <outage length>"
    links: [],
    startsAt: event.downSince,
    endsAt: event.upSince,
    channel: event.channel,
  });
}

function deployFingerprint(kind: string, service: string, environment: string, extra = ''): string {
  return fingerprintOf({ source: 'deploy', kind, service, environment, extra });
}

export function fromDeployStarted(event: DeployStarted, now: number): Alert {
  return withStandardLabels({
    source: 'deploy',
    fingerprint: deployFingerprint('release', event.service, event.environment, event.releaseId),
    status: 'firing',
    severity: 'info',
    service: event.service,
    labels: { alertname: 'Deploy', environment: event.environment },
    summary: `${event.service}: deploying ${event.ref} (${event.commit.slice(0, 8)}) to ${event.environment} on ${event.hosts.length} host${event.hosts.length === 1 ? '' : 's'} for ${event.user}`,
    links: [],
    startsAt: now,
    channel: event.channel,
  });
}

/** A finished deploy closes its notice; a failure also raises an alert that the next success resolves. */
export function fromDeployFinished(event: DeployFinished, now: number): Alert[] {
  const ok = event.outcome === 'succeeded';
  const words: Record<DeployFinished['outcome'], string> = { succeeded: 'deployed', failed: 'deploy failed', rolled_back: 'deploy rolled back', cancelled: 'deploy cancelled' };
  const where = `${event.ref} (${event.commit.slice(0, 8)}) to ${event.environment}`;
  const notice = withStandardLabels({
    source: 'deploy',
    fingerprint: deployFingerprint('release', event.service, event.environment, event.releaseId),
    status: 'resolved',
    severity: 'info',
    service: event.service,
    labels: { alertname: 'Deploy', environment: event.environment },
    summary: `${event.service}: ${words[event.outcome]} ${where} in ${formatDuration(event.durationMs)}`,
    links: [],
    startsAt: now - event.durationMs,
    endsAt: now,
    channel: event.channel,
  });
  if (event.outcome === 'cancelled') return [notice];
  const failure = withStandardLabels({
    source: 'deploy',
    fingerprint: deployFingerprint('failure', event.service, event.environment),
    status: ok ? 'resolved' : 'firing',
    severity: 'critical',
    service: event.service,
    labels: { alertname: 'DeployFailed', environment: event.environment },
    summary: ok ? `${event.service}: ${event.environment} deployed fine again` : `${event.service}: ${words[event.outcome]} ${where}${event.failedHost ? ` on ${event.failedHost}` : ''}${event.failedStep ? ` at ${event.failedStep}` : ''}`,
    details: event.error,
    links: [],
    startsAt: now,
    endsAt: ok ? now : undefined,
    channel: event.channel,
  });
  return [notice, failure];
}

/** Non-hold decisions as info notices; in simulate mode they say what would have been done. */
export function fromScaleDecided(event: ScaleDecided, now: number): Alert[] {
  const recovered = scaleFailure(event.group, now, event.channel, 'resolved', `${event.group}: scaling works again`);
  if (event.action === 'hold') return [recovered];
  const count = event.count ?? event.instanceIds?.length ?? 1;
  const verb = event.mode === 'simulate' || !event.executed ? `would ${event.action}` : event.action === 'launch' ? 'launched' : 'terminated';
  const notice = withStandardLabels({
    source: 'scale',
    fingerprint: fingerprintOf({ source: 'scale', group: event.group, at: String(now) }),
    status: 'resolved',
    severity: 'info',
    labels: { alertname: 'ScaleDecision', group: event.group, mode: event.mode },
    summary: `${event.group}: ${verb} ${count} instance${count === 1 ? '' : 's'} (${event.reason})${event.mode === 'simulate' ? ' [simulate]' : ''}`,
    links: [],
    startsAt: now,
    endsAt: now,
    channel: event.channel,
  });
  return event.executed ? [notice, recovered] : [notice];
}

function scaleFailure(group: string, now: number, channel: string | undefined, status: 'firing' | 'resolved', summary: string, details?: string): Alert {
  return withStandardLabels({
    source: 'scale',
    fingerprint: fingerprintOf({ source: 'scale', kind: 'failure', group }),
    status,
    severity: 'critical',
    labels: { alertname: 'ScaleFailed', group },
    summary,
    details,
    links: [],
    startsAt: now,
    endsAt: status === 'resolved' ? now : undefined,
    channel,
  });
}

export function fromScaleFailed(event: ScaleFailed, now: number): Alert {
  return scaleFailure(event.group, now, event.channel, 'firing', `${event.group}: ${event.action} failed: ${event.error}`, event.error);
}

/** Same message from the same place is the same alert: digits and ids are folded for the fingerprint. */
export function fromLogError(event: LogErrorEvent, adminChannel: string | undefined, resolveAfterMs: number): Alert {
  const context = event.context;
  const err = context.err as { message?: string; stack?: string; type?: string } | undefined;
  const where = String(context.script ?? context.command ?? context.job ?? context.component ?? 'bot');
  const shape = event.msg.replace(/[0-9a-f]{8,}/gi, '#').replace(/\d+/g, '#');
  const time = Number.isFinite(event.time) ? event.time : Date.now();
  return withStandardLabels({
    source: 'log',
    fingerprint: fingerprintOf({ source: 'log', where, shape }),
    status: 'firing',
    severity: event.level === 'fatal' ? 'critical' : 'warning',
    labels: { alertname: 'LogError', level: event.level, where },
    summary: `${event.level}: ${event.msg.slice(0, 200)}${where !== 'bot' ? ` (${where})` : ''}`,
    details: err?.stack?.split('\n').slice(0, 8).join('\n') ?? err?.message,
    links: [],
    startsAt: time,
    endsAt: time + resolveAfterMs,
    channel: adminChannel,
  });
}
