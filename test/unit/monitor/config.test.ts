import { ConfigError } from '../../../src/config/config-error';
import { parseConfig } from '../../../src/config/load-config';

function problems(monitors: unknown): string[] {
  try {
    parseConfig({ monitors }, 'test');
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message.split('\n').slice(1).map((line) => line.trim());
  }
}

describe('monitors config', () => {
  it('fills every default', () => {
    const config = parseConfig({ monitors: [{ name: 'api', http: { url: 'https://api.example.com/health' } }] }, 'test');
    expect(config.monitors[0]).toEqual({
      name: 'api',
      http: { url: 'https://api.example.com/health', status: [200] },
      interval: 60_000,
      timeout: 10_000,
      retries: 2,
      retryDelay: 5_000,
      recoverAfter: 1,
      remind: 3_600_000,
      labels: {},
    });
  });

  it('takes durations, channels and labels in their friendly forms', () => {
    const config = parseConfig(
      { monitors: [{ name: 'db', tcp: { host: 'db.internal', port: 5432 }, interval: '30s', timeout: 3, remind: 0, channel: '#ops', labels: { service: 'db', severity: 'warning', team: 'data' } }] },
      'test',
    );
    expect(config.monitors[0]).toMatchObject({ interval: 30_000, timeout: 3_000, remind: 0, channel: 'ops', labels: { service: 'db', severity: 'warning', team: 'data' } });
  });

  it('names what is wrong', () => {
    const found = problems([
      { name: 'a' },
      { name: 'b', http: { url: 'ftp://x' }, tcp: { host: 'x', port: 1 } },
      { name: 'c', http: { url: 'https://x', status: [700], json: { path: 'a..b', equals: 1 } }, interval: 'soon' },
      { name: 'd', tcp: { host: 'x', port: 70000 }, labels: { severity: 'urgent' }, colour: 'red' },
    ]);
    const text = found.join('\n');
    expect(text).toContain('give what to check: http: { url } or tcp: { host, port }');
    expect(text).toContain('give either http or tcp, not both');
    expect(text).toContain('expected an http:// or https:// URL');
    expect(text).toContain('expected an HTTP status code like 200');
    expect(text).toContain('expected a path like "status"');
    expect(text).toContain('expected a duration like "30s"');
    expect(text).toContain('expected a port number between 1 and 65535');
    expect(text).toContain('expected critical, warning or info');
    expect(text).toMatch(/colour/);
  });

  it('checks the monitors against each other once each is well-formed', () => {
    const text = problems([
      { name: 'a', tcp: { host: 'x', port: 1 }, timeout: '1m', interval: '30s', remind: '10s' },
      { name: 'A', tcp: { host: 'x', port: 1 } },
    ]).join('\n');
    expect(text).toContain('monitors.0.timeout: the timeout (60s) must not exceed the interval (30s)');
    expect(text).toContain('monitors.0.remind: remind at most once a minute');
    expect(text).toContain('monitors.1.name: another monitor is already named "A"');
  });
});
