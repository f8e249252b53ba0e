import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MonitorSchema, type MonitorConfig, type MonitorConfigInput } from '../config/sections/monitors';
import { OpsError, UserError } from '../robot/errors';
import type { MonitorDefinition } from './types';

/** Config monitors as the service runs them; a missing CA file is a config error naming the monitor. */
export function definitionsFromConfig(monitors: MonitorConfig[], baseDir: string): MonitorDefinition[] {
  return monitors.map((monitor) => toDefinition(monitor, 'config', baseDir));
}

export function toDefinition(monitor: MonitorConfig, source: MonitorDefinition['source'], baseDir = '.'): MonitorDefinition {
  let caPem: string | undefined;
  if (monitor.http?.ca) {
    const file = resolve(baseDir, monitor.http.ca);
    try {
      caPem = readFileSync(file, 'utf8');
    } catch (error) {
      throw new OpsError('config', `monitors.${monitor.name}.http.ca: cannot read ${file} (${(error as Error).message})`);
    }
  }
  return { ...monitor, source, target: describeTarget(monitor), caPem };
}

export function describeTarget(monitor: Pick<MonitorConfig, 'http' | 'tcp'>): string {
  if (monitor.http) return monitor.http.url;
  if (monitor.tcp) return `${monitor.tcp.host}:${monitor.tcp.port}`;
  return '?';
}

/**
 * A monitor added from chat: `https://…` checks HTTP(S) for a 200, `tcp://host:port` a TCP connect.
 * Validated with the config's own schema, so chat and config accept the same things.
 */
export function chatMonitorInput(name: string, url: string, extra: { interval?: string; channel?: string }): MonitorConfigInput {
  // Slack wraps links as <https://x|x>.
  const cleaned = url.replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1');
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/i.exec(cleaned);
  const input: MonitorConfigInput = tcp
    ? { name, tcp: { host: tcp[1].replace(/^\[|\]$/g, ''), port: Number(tcp[2]) } }
    : { name, http: { url: cleaned } };
  if (extra.interval) input.interval = extra.interval;
  if (extra.channel) input.channel = extra.channel;
  return input;
}

export function parseChatMonitor(input: MonitorConfigInput): MonitorConfig {
  const parsed = MonitorSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new UserError(`monitor add: cannot add ${input.name}: ${where}${issue.message}`.replace(/http\.url: /, ''));
}
