// Child process of bench/monitor-scale.ts: the web targets, on loopback, in their own process so
// their CPU does not count against the bot. Monitor i is http://127.0.0.1:<port i % N>/m<i>.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const SERVERS = 20;
const down = new Set<string>();
const servers: Server[] = [];

async function main(): Promise<void> {
  for (let i = 0; i < SERVERS; i += 1) {
    const server = createServer((req, res) => {
      const name = (req.url ?? '/').slice(1);
      if (down.has(name)) res.writeHead(503, { connection: 'close' }).end('down');
      else res.writeHead(200, { connection: 'close', 'content-type': 'text/plain' }).end('ok');
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    servers.push(server);
  }
  process.on('message', (message: { type: string; names?: string[] }) => {
    if (message.type === 'down') {
      for (const name of message.names ?? []) down.add(name);
      process.send!({ type: 'downAck', names: message.names, at: Date.now() });
    } else if (message.type === 'up') for (const name of message.names ?? []) down.delete(name);
    else if (message.type === 'exit') {
      for (const server of servers) server.closeAllConnections();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready', ports: servers.map((server) => (server.address() as AddressInfo).port) });
}

void main();
