import type { AlertsConfig } from '../config/sections/alerts';
import type { EventBus } from '../events/bus';
import type { Clock } from '../events/clock';
import { formatDuration } from '../robot/format';
import { fingerprintOf, withStandardLabels, type Alert } from './alert';
import type { AlertRouter } from './router';
import { fromDeployFinished, fromDeployStarted, fromLogError, fromMonitorDown, fromMonitorUp, fromScaleDecided, fromScaleFailed, monitorFingerprint } from './sources/internal';
import { TokenBucket } from './webhooks/rate-limit';

export interface EventSourceDeps {
  bus: EventBus;
  router: AlertRouter;
  clock: Clock;
  config: AlertsConfig['internal'];
  adminChannel?: string;
  ingest(alerts: Alert[], source: Alert['source']): Promise<void>;
}

/** Components whose error records must not become alerts: they are the alert path itself. */
const SELF = new Set(['alerts']);

/** The bot's own events into the router. Returns a function that unsubscribes. */
export function subscribeEvents(deps: EventSourceDeps): () => void {
  const { bus, clock, config } = deps;
  const off: Array<() => void> = [];
  if (config.monitor) {
    off.push(bus.on('monitor.down', (event) => deps.ingest([fromMonitorDown(event)], 'monitor')));
    off.push(bus.on('monitor.up', (event) => deps.ingest([fromMonitorUp(event)], 'monitor')));
    off.push(bus.on('monitor.reminder', (event) => deps.router.remind(monitorFingerprint(event), `Still down after ${formatDuration(event.durationMs)}: ${event.reason}`)));
  }
  if (config.deploy) {
    off.push(bus.on('deploy.started', (event) => deps.ingest([fromDeployStarted(event, clock.now())], 'deploy')));
    off.push(bus.on('deploy.finished', (event) => deps.ingest(fromDeployFinished(event, clock.now()), 'deploy')));
  }
  if (config.scale) {
    off.push(bus.on('scale.decided', (event) => deps.ingest(fromScaleDecided(event, clock.now()), 'scale')));
    off.push(bus.on('scale.failed', (event) => deps.ingest([fromScaleFailed(event, clock.now())], 'scale')));
  }
  if (config.logErrors) off.push(subscribeLogErrors(deps));
  return () => off.forEach((unsubscribe) => unsubscribe());
}

/**
 * Error records become alerts in the admin channel (or wherever routes send them). Three things keep
 * this from looping when delivery itself fails: the router logs its own failures at warn, records
 * from the alert path are skipped, and a flood is folded into one alert instead of one per record.
 */
function subscribeLogErrors(deps: EventSourceDeps): () => void {
  const bucket = new TokenBucket(30, 10, deps.clock.now());
  let folded = 0;
  return deps.bus.on('log.error', (event) => {
    if (SELF.has(String(event.context.component ?? ''))) return;
    const now = deps.clock.now();
    if (bucket.take(now) > 0) {
      folded += 1;
      return deps.ingest(
        [
          withStandardLabels({
            source: 'log',
            fingerprint: fingerprintOf({ source: 'log', kind: 'flood' }),
            status: 'firing',
            severity: 'warning',
            labels: { alertname: 'LogErrorFlood', where: 'bot' },
            summary: `error flood: ${folded} error records folded into this alert (see the bot's log)`,
            links: [],
            startsAt: now,
            endsAt: now + deps.config.logResolveAfter,
            channel: deps.adminChannel,
          }),
        ],
        'log',
      );
    }
    return deps.ingest([fromLogError(event, deps.adminChannel, deps.config.logResolveAfter)], 'log');
  });
}
