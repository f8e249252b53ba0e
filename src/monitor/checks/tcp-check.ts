import { connect } from 'node:net';
import type { Clock } from '../../events/clock';
import type { CheckResult } from '../types';
import { describeNetworkError, timeoutError } from './describe-failure';

/** Up when a TCP connection opens within the timeout; the connection is closed at once. */
export function checkTcp(target: { host: string; port: number }, timeoutMs: number, clock: Clock): Promise<CheckResult> {
  const at = clock.now();
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const timer = setTimeout(() => socket.destroy(timeoutError()), timeoutMs);
    const finish = (result: Omit<CheckResult, 'at' | 'latencyMs'>) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...result, at, latencyMs: Math.round(performance.now() - started) });
    };
    socket.once('connect', () => finish({ ok: true, detail: 'connected' }));
    socket.once('error', (error) => finish({ ok: false, reason: describeNetworkError(error, timeoutMs) }));
  });
}
