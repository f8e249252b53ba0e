import type { Clock } from '../../events/clock';
import type { CheckResult, MonitorDefinition } from '../types';
import { checkHttp } from './http-check';
import { checkTcp } from './tcp-check';

export type CheckRunner = (monitor: MonitorDefinition) => Promise<CheckResult>;

/** The real probes; tests and the benchmark may pass their own runner to the monitor service. */
export function createCheckRunner(clock: Clock): CheckRunner {
  return (monitor) => {
    if (monitor.http) return checkHttp({ ...monitor.http, timeoutMs: monitor.timeout, caPem: monitor.caPem }, clock);
    if (monitor.tcp) return checkTcp(monitor.tcp, monitor.timeout, clock);
    return Promise.resolve({ ok: false, at: clock.now(), latencyMs: 0, reason: 'nothing to check' });
  };
}
