import { evaluateHttp } from '../../../src/monitor/checks/http-expectations';
import { readJsonPath } from '../../../src/monitor/json-path';

const base = { status: 200, latencyMs: 10, now: Date.UTC(2025, 0, 1) };

describe('HTTP expectations', () => {
  it('names the failing expectation in a few words', () => {
    expect(evaluateHttp({ ...base, status: 503 }, { status: [200] })).toEqual({ ok: false, reason: '503' });
    expect(evaluateHttp({ ...base, status: 204 }, { status: [200, 204] })).toEqual({ ok: true, detail: '204' });
    expect(evaluateHttp({ ...base, body: 'hello' }, { status: [200], contains: 'ok' }).reason).toBe('200 but the body does not contain "ok"');
    expect(evaluateHttp({ ...base, body: '<html>' }, { status: [200], json: { path: 'status', equals: 'ok' } }).reason).toBe('200 but the body is not JSON');
    expect(evaluateHttp({ ...base, body: '{"a":1}' }, { status: [200], json: { path: 'status', equals: 'ok' } }).reason).toBe('200 but the JSON has no status');
    expect(evaluateHttp({ ...base, body: '{"checks":{"db":[{"state":"degraded"}]}}' }, { status: [200], json: { path: 'checks.db[0].state', equals: 'ok' } }).reason).toBe(
      'checks.db[0].state is "degraded", expected "ok"',
    );
    expect(evaluateHttp({ ...base, latencyMs: 2345 }, { status: [200], maxLatency: 1000 }).reason).toBe('slow: 2.3s > 1s');
  });

  it('fails a certificate that expires within certDays, and one that expired', () => {
    const inThreeDays = base.now + 3.5 * 86_400_000;
    expect(evaluateHttp({ ...base, certValidTo: inThreeDays }, { status: [200], certDays: 14 }).reason).toBe('certificate expires in 3 days (2025-01-04), wanted more than 14');
    expect(evaluateHttp({ ...base, certValidTo: base.now - 1 }, { status: [200], certDays: 14 }).reason).toBe('certificate expired on 2024-12-31');
    expect(evaluateHttp({ ...base, certValidTo: base.now + 30 * 86_400_000 }, { status: [200], certDays: 14 }).ok).toBe(true);
  });

  it('compares JSON values exactly (1 is not "1")', () => {
    expect(evaluateHttp({ ...base, body: '{"n":1}' }, { status: [200], json: { path: '$.n', equals: '1' } }).ok).toBe(false);
    expect(evaluateHttp({ ...base, body: '{"n":true}' }, { status: [200], json: { path: 'n', equals: true } }).ok).toBe(true);
    expect(readJsonPath({ a: [{ b: null }] }, 'a[0].b')).toEqual({ found: true, value: null });
    expect(readJsonPath({ a: [] }, 'a[0]')).toEqual({ found: false });
    expect(readJsonPath({ a: 'x' }, 'a.length')).toEqual({ found: false });
  });
});
