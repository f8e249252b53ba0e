import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates, type TLSSocket } from 'node:tls';
import type { Clock } from '../../events/clock';
import type { CheckResult } from '../types';
import { describeNetworkError, timeoutError } from './describe-failure';
import { evaluateHttp, type HttpExpectations } from './http-expectations';

/** Bodies are read only when an expectation needs them, and only this much. */
const MAX_BODY = 1024 * 1024;

export interface HttpCheckOptions extends HttpExpectations {
  url: string;
  timeoutMs: number;
  caPem?: string;
}

/**
 * One HTTP(S) request on a fresh connection (what a new visitor sees, and no idle sockets held for
 * thousands of monitors), judged against the expectations. Never throws: failures are results.
 */
export function checkHttp(options: HttpCheckOptions, clock: Clock): Promise<CheckResult> {
  const at = clock.now();
  const started = performance.now();
  const url = new URL(options.url);
  const secure = url.protocol === 'https:';
  const needsBody = options.contains !== undefined || options.json !== undefined;

  return new Promise((resolve) => {
    let done = false;
    const finish = (result: Omit<CheckResult, 'at' | 'latencyMs'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      request.destroy();
      resolve({ ...result, at, latencyMs: Math.round(performance.now() - started) });
    };
    const send = secure ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'GET',
      agent: false,
      headers: { 'user-agent': 'opsbot-monitor', accept: '*/*', connection: 'close' },
      ...(secure && options.caPem ? { ca: [...rootCertificates, options.caPem] } : {}),
    });
    const timer = setTimeout(() => request.destroy(timeoutError()), options.timeoutMs);
    request.once('error', (error) => finish({ ok: false, reason: describeNetworkError(error, options.timeoutMs) }));
    request.once('response', (response: IncomingMessage) => {
      const validTo = secure ? certificateExpiry(response.socket as TLSSocket) : undefined;
      const judge = (body: string | undefined) => {
        const latencyMs = performance.now() - started;
        finish(evaluateHttp({ status: response.statusCode ?? 0, body, latencyMs, certValidTo: validTo, now: clock.now() }, options));
      };
      if (!needsBody) {
        judge(undefined);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
        else judge(Buffer.concat(chunks).toString('utf8'));
      });
      response.once('end', () => judge(Buffer.concat(chunks).toString('utf8')));
      response.once('error', (error) => finish({ ok: false, reason: describeNetworkError(error, options.timeoutMs) }));
    });
    request.end();
  });
}

function certificateExpiry(socket: TLSSocket): number | undefined {
  const certificate = socket.getPeerCertificate?.();
  const validTo = certificate?.valid_to ? Date.parse(certificate.valid_to) : NaN;
  return Number.isFinite(validTo) ? validTo : undefined;
}
