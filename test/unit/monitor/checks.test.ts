import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { checkHttp } from '../../../src/monitor/checks/http-check';
import { checkTcp } from '../../../src/monitor/checks/tcp-check';
import { systemClock } from '../../../src/events/clock';
import { makeCert } from './tls-cert';

const servers: Array<{ close(cb?: () => void): unknown; closeAllConnections?: () => void }> = [];

async function listen<T extends Server | ReturnType<typeof createNetServer>>(server: T): Promise<number> {
  servers.push(server as never);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('HTTP check against a real server', () => {
  let port: number;
  let mode: 'ok' | 'down' | 'slow' | 'hang' = 'ok';
  beforeAll(async () => {
    port = await listen(
      createServer((req, res) => {
        if (mode === 'hang') return;
        if (mode === 'down') return void res.writeHead(503).end('maintenance');
        const send = () => (req.url === '/json' ? res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","db":{"up":true}}') : res.writeHead(200).end('all ok'));
        if (mode === 'slow') setTimeout(send, 300);
        else send();
      }),
    );
  });

  const opts = (path: string, extra: object = {}) => ({ url: `http://127.0.0.1:${port}${path}`, status: [200], timeoutMs: 2000, ...extra });

  it('passes a good answer and reports its latency', async () => {
    mode = 'ok';
    const result = await checkHttp(opts('/', { contains: 'ok' }), systemClock);
    expect(result).toMatchObject({ ok: true, detail: '200' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await checkHttp(opts('/json', { json: { path: 'db.up', equals: true } }), systemClock)).toMatchObject({ ok: true });
  });

  it('fails a wrong status, a missing text, a JSON mismatch, a slow answer and a hang', async () => {
    mode = 'down';
    expect((await checkHttp(opts('/'), systemClock)).reason).toBe('503');
    mode = 'ok';
    expect((await checkHttp(opts('/', { contains: 'healthy' }), systemClock)).reason).toBe('200 but the body does not contain "healthy"');
    expect((await checkHttp(opts('/json', { json: { path: 'status', equals: 'green' } }), systemClock)).reason).toBe('status is "ok", expected "green"');
    mode = 'slow';
    expect((await checkHttp(opts('/', { maxLatency: 100 }), systemClock)).reason).toMatch(/^slow: 0\.\ds > 0\.1s$/);
    mode = 'hang';
    const hung = await checkHttp(opts('/', { timeoutMs: 200 }), systemClock);
    expect(hung.reason).toBe('timeout after 0.2s');
    expect(hung.latencyMs).toBeLessThan(1500);
  });

  it('fails a refused connection', async () => {
    const closed = await listen(createNetServer());
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    expect((await checkHttp({ url: `http://127.0.0.1:${closed}/`, status: [200], timeoutMs: 1000 }, systemClock)).reason).toBe('connection refused');
  });
});

describe('HTTPS check and certificate expiry', () => {
  it('passes a certificate valid long enough, fails one expiring within certDays, and an untrusted one', async () => {
    const longCert = makeCert(365);
    const shortCert = makeCert(3);
    const longPort = await listen(createHttpsServer(longCert, (_req, res) => res.end('ok')) as unknown as Server);
    const shortPort = await listen(createHttpsServer(shortCert, (_req, res) => res.end('ok')) as unknown as Server);

    const good = await checkHttp({ url: `https://127.0.0.1:${longPort}/`, status: [200], certDays: 14, timeoutMs: 2000, caPem: longCert.cert }, systemClock);
    expect(good).toMatchObject({ ok: true });

    const expiring = await checkHttp({ url: `https://localhost:${shortPort}/`, status: [200], certDays: 14, timeoutMs: 2000, caPem: shortCert.cert }, systemClock);
    expect(expiring.ok).toBe(false);
    expect(expiring.reason).toMatch(/^certificate expires in [23] days \(\d{4}-\d\d-\d\d\), wanted more than 14$/);

    // A check's clock decides "now": 400 days later even the long certificate has expired.
    const later = { now: () => Date.now() + 400 * 86_400_000 };
    expect((await checkHttp({ url: `https://127.0.0.1:${longPort}/`, status: [200], certDays: 14, timeoutMs: 2000, caPem: longCert.cert }, later)).reason).toMatch(/^certificate expired on /);

    const untrusted = await checkHttp({ url: `https://127.0.0.1:${longPort}/`, status: [200], timeoutMs: 2000 }, systemClock);
    expect(untrusted.reason).toMatch(/^TLS: .*self[- ]signed/);
  });
});

describe('TCP check', () => {
  it('is up when the port accepts a connection and down when refused', async () => {
    const port = await listen(createNetServer((socket) => socket.end()));
    expect(await checkTcp({ host: '127.0.0.1', port }, 1000, systemClock)).toMatchObject({ ok: true, detail: 'connected' });
    const server = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await checkTcp({ host: '127.0.0.1', port }, 1000, systemClock)).toMatchObject({ ok: false, reason: 'connection refused' });
  });
});
