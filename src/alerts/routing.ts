import { createHash } from 'node:crypto';
import type { AlertRouteConfig, AlertsConfig } from '../config/sections/alerts';
import type { Alert } from './alert';
import { matchesAll, type Matcher } from './matchers';

export interface RouteTiming {
  groupBy: string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatMs: number;
}

/** Where an alert goes: one per channel it is routed to. */
export interface Destination extends RouteTiming {
  channel: string;
  /** Index of the route in config, or 'hint' (the event's own channel), or 'default'. */
  route: number | 'hint' | 'default';
  mention?: string;
  mentionFor: string[];
}

export type RoutingConfig = Pick<AlertsConfig, 'defaultChannel' | 'routes' | 'groupBy' | 'groupWait' | 'groupInterval' | 'repeat'>;

export function routeMatchers(route: AlertRouteConfig): Matcher[] {
  return [
    ...Object.entries(route.match).map(([name, value]) => ({ name, op: '=' as const, value })),
    ...Object.entries(route.matchRe).map(([name, value]) => ({ name, op: '=~' as const, value })),
  ];
}

/**
 * The routing decision (pure). Precedence: configured routes in order (each match adds its channel;
 * the first match without `continue` stops); when no route matched, the alert's own channel hint;
 * when there is none, the default channel. A channel reached twice is delivered once.
 */
export function resolveRoutes(alert: Pick<Alert, 'labels' | 'channel'>, config: RoutingConfig): Destination[] {
  const defaults: RouteTiming = { groupBy: config.groupBy, groupWaitMs: config.groupWait, groupIntervalMs: config.groupInterval, repeatMs: config.repeat };
  const found: Destination[] = [];
  for (const [index, route] of config.routes.entries()) {
    if (!matchesAll(alert.labels, routeMatchers(route))) continue;
    if (!found.some((destination) => destination.channel === route.channel)) {
      found.push({
        channel: route.channel,
        route: index,
        mention: route.mention,
        mentionFor: route.mentionFor,
        groupBy: route.groupBy ?? defaults.groupBy,
        groupWaitMs: route.groupWait ?? defaults.groupWaitMs,
        groupIntervalMs: route.groupInterval ?? defaults.groupIntervalMs,
        repeatMs: route.repeat ?? defaults.repeatMs,
      });
    }
    if (!route.continue) break;
  }
  if (found.length > 0) return found;
  return [{ channel: alert.channel ?? config.defaultChannel, route: alert.channel ? 'hint' : 'default', mentionFor: [], ...defaults }];
}

/** The labels that identify the alert's group under this destination. */
export function groupLabelsOf(labels: Record<string, string>, groupBy: readonly string[]): Record<string, string> {
  if (groupBy.includes('...')) return { ...labels };
  const picked: Record<string, string> = {};
  for (const name of [...groupBy].sort()) picked[name] = labels[name] ?? '';
  return picked;
}

/** Stable, short id of a group: its channel, route and group labels. Used in button ids. */
export function groupIdOf(destination: Pick<Destination, 'channel' | 'route'>, groupLabels: Record<string, string>): string {
  const key = JSON.stringify([destination.channel, destination.route, Object.entries(groupLabels).sort(([a], [b]) => a.localeCompare(b))]);
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}
