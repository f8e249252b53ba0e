import type { Robot } from '../robot/robot';
import { saveDemoSiteDown } from './demo-site';
import { formatDuration } from '../robot/format';

/**
 * Sandbox only: `sandbox site down` / `sandbox site up` break and fix the local demo site, so a
 * user can watch an outage being announced once and its recovery once.
 */
export default function registerSandboxSite(robot: Robot): void {
  robot.addHelp({
    script: 'scripts/monitor.ts (sandbox)',
    description: 'The sandbox demo site its monitors check.',
    commands: [
      { usage: 'sandbox site down', description: 'make the demo site answer 503 and watch the outage be announced once' },
      { usage: 'sandbox site up', description: 'fix the demo site and watch the recovery be announced' },
    ],
    configuration: '',
  });

  robot.respond(/sandbox\s+site\s+(down|up)\s*$/i, { name: 'sandbox.site', mutates: true }, async (res) => {
    const site = robot.need('demoSite');
    const down = res.match[1].toLowerCase() === 'down';
    const was = site.isDown;
    site.setDown(down);
    await saveDemoSiteDown(robot.store, down);
    const demo = robot.need('monitors').service.list().find((view) => view.name === 'demo-site');
    const interval = demo ? formatDuration(demo.interval) : 'a few seconds';
    if (down) {
      await res.send(
        `${was ? 'The demo site was already down' : 'The demo site now answers 503'} (port ${site.port}). demo-site is checked every ${interval} and re-checked twice 2s apart, so its DOWN is announced once within about 10s; \`monitor status\` shows it meanwhile. \`sandbox site up\` fixes it.`,
      );
    } else {
      await res.send(`${was ? 'The demo site answers 200 again' : 'The demo site was already up'} (port ${site.port}). Monitors that were DOWN announce their recovery, with the outage's length, at their next check (within ${interval} for demo-site).`);
    }
  });
}
