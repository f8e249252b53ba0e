import { createServer, type Server } from 'node:http';
import type { Store } from '../store/store';

const NS = 'monitor.sandbox';

/** Whether the user left the demo site down: an outage outlives a restart of the sandbox, like a real one. */
export async function loadDemoSiteDown(store: Store): Promise<boolean> {
  return (await store.get<{ down: boolean }>(NS, 'site'))?.down ?? false;
}

export function saveDemoSiteDown(store: Store, down: boolean): Promise<void> {
  return store.put(NS, 'site', { down });
}

/**
 * The sandbox's pretend web site on loopback: /health answers "ok", /api/status answers JSON.
 * `setDown(true)` makes every page answer 503 (the TCP port stays open), so a user can cause an
 * outage from the shell and watch the monitor announce it once.
 */
export class DemoSite {
  private server?: Server;
  private down = false;
  port = 0;

  get isDown(): boolean {
    return this.down;
  }

  setDown(down: boolean): void {
    this.down = down;
  }

  /** Listens on `preferredPort` on 127.0.0.1, or a free port when that one is taken. */
  async start(preferredPort: number, down = false): Promise<number> {
    this.down = down;
    const server = createServer((request, response) => {
      response.setHeader('connection', 'close');
      if (this.down) {
        response.writeHead(503, { 'content-type': 'text/plain' }).end('down for the sandbox outage demo\n');
        return;
      }
      if (request.url === '/api/status') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', version: '1.0.0' }));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    });
    this.server = server;
    this.port = await listenOn(server, preferredPort).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
      return listenOn(server, 0);
    });
    return this.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
