import type { ConfigInput } from '../config/schema';
import type { SandboxOptions } from './sandbox-config';

/**
 * The sandbox's demo web site listens here (the monitor module starts it, on a free port instead
 * when this one is taken, and points these monitors at it).
 */
export const DEMO_SITE_PORT = 48_080;
export const DEMO_SITE_HOST = '127.0.0.1';

export function sandboxMonitors(_options: SandboxOptions): ConfigInput['monitors'] {
  const base = `http://${DEMO_SITE_HOST}:${DEMO_SITE_PORT}`;
  return [
    {
      name: 'demo-site',
      http: { url: `${base}/health`, status: [200], contains: 'ok', maxLatency: '2s' },
      interval: '5s',
      timeout: '2s',
      retries: 2,
      retryDelay: '2s',
      remind: '10m',
      channel: '#ops',
      labels: { service: 'demo', severity: 'critical' },
    },
    {
      name: 'demo-api',
      http: { url: `${base}/api/status`, json: { path: 'status', equals: 'ok' } },
      interval: '10s',
      timeout: '2s',
      retries: 1,
      retryDelay: '2s',
      channel: '#ops',
      labels: { service: 'demo', severity: 'warning' },
    },
    {
      name: 'demo-port',
      tcp: { host: DEMO_SITE_HOST, port: DEMO_SITE_PORT },
      interval: '30s',
      timeout: '2s',
      channel: '#ops',
      labels: { service: 'demo', severity: 'warning' },
    },
  ];
}
