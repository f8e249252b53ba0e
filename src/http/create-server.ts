import express, { type Express } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Robot } from '../robot/robot';

export interface HealthProbe {
  adapterConnected(): boolean;
  adapterName: string;
}

/** The bot's one HTTP server: /health, /metrics, and every route scripts add to robot.router. */
export function createHttpApp(robot: Robot, probe: HealthProbe): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const storeOk = await robot.store.ping();
    const connected = probe.adapterConnected();
    const healthy = storeOk && connected;
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'ok' : 'unhealthy',
      version: robot.version,
      uptimeSeconds: Math.round((robot.clock.now() - robot.startedAt) / 1000),
      adapter: { name: probe.adapterName, connected },
      store: { ok: storeOk },
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(robot.metrics.registry.contentType).send(await robot.metrics.registry.metrics());
  });
  app.use(robot.router);
  return app;
}

export async function listen(app: Express, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: Server): Promise<void> {
  server.closeIdleConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
