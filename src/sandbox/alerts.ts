import type { ConfigInput } from '../config/schema';
import type { SandboxOptions } from './sandbox-config';

/**
 * Sandbox routes show the model at work in the shell: critical alerts to #oncall with a mention,
 * database alerts to #db, the rest to #alerts. Webhooks take the token "sandbox-token" so curl
 * can post to http://localhost:8080/hooks/alert on a fresh machine.
 */
export function sandboxAlerts(_options: SandboxOptions): ConfigInput['alerts'] {
  return {
    defaultChannel: 'alerts',
    groupWait: '1s',
    groupInterval: '5s',
    routes: [
      { match: { severity: 'critical' }, channel: 'oncall', mention: '@oncall', continue: true },
      { matchRe: { service: 'db|postgres|mysql' }, channel: 'db' },
    ],
    webhooks: {
      alertmanager: { token: 'sandbox-token' },
      grafana: { token: 'sandbox-token' },
      generic: { token: 'sandbox-token' },
      sns: { token: 'sandbox-token' },
    },
  };
}
