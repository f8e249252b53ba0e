import type { MonitorConfig } from '../../config/sections/monitors';
import { Counter } from 'prom-client';
import { createMonitors, type Monitors } from '../../monitor/create-monitors';
import { DemoSite, loadDemoSiteDown } from '../../monitor/demo-site';
import { DEMO_SITE_HOST, DEMO_SITE_PORT } from '../../sandbox/monitors';
import type { AppModule } from '../context';

declare module '../../robot/services' {
  interface Services {
    monitors: Monitors;
    /** Sandbox only: the local demo site its monitors check. */
    demoSite: DemoSite;
  }
}

/** Builds the monitor capability, starts its loop; in the sandbox also the demo site it checks. */
export const monitorModule: AppModule = async ({ config, loaded, store, bus, clock, logger, robot, metrics, sandbox }) => {
  let monitors = config.monitors;
  if (sandbox) {
    const site = new DemoSite();
    // The outage a user caused outlives a restart of the sandbox, like a real one would.
    const port = await site.start(DEMO_SITE_PORT, await loadDemoSiteDown(store));
    robot.services.demoSite = site;
    robot.onShutdown(() => site.stop());
    if (port !== DEMO_SITE_PORT) monitors = monitors.map((monitor) => pointAtPort(monitor, port));
  }

  const checks = new Counter({ name: 'opsbot_monitor_checks_total', help: 'Monitor checks, by outcome', labelNames: ['outcome'], registers: [metrics.registry] });
  const created = await createMonitors({
    monitors,
    baseDir: loaded.baseDir,
    store,
    bus,
    clock,
    logger: logger.child({ component: 'monitor' }),
    onCheck: (_monitor, result) => checks.inc({ outcome: result.ok ? 'up' : 'down' }),
    // The sandbox's few local checks take milliseconds: run them before the shell opens, so the
    // first `monitor status` already shows real states.
    startSpreadMs: sandbox ? 0 : undefined,
  });
  if (sandbox) await created.service.runDue();
  robot.services.monitors = created;
  created.service.start();
  robot.onShutdown(() => created.service.stop());
};

function pointAtPort(monitor: MonitorConfig, port: number): MonitorConfig {
  const from = `${DEMO_SITE_HOST}:${DEMO_SITE_PORT}`;
  if (monitor.http?.url.includes(`//${from}/`)) return { ...monitor, http: { ...monitor.http, url: monitor.http.url.replace(from, `${DEMO_SITE_HOST}:${port}`) } };
  if (monitor.tcp?.host === DEMO_SITE_HOST && monitor.tcp.port === DEMO_SITE_PORT) return { ...monitor, tcp: { ...monitor.tcp, port } };
  return monitor;
}
