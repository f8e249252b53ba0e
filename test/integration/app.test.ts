import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from '../helpers/start-app';

describe('the composed app', () => {
  it('serves /health and /metrics with command counts', async () => {
    const app = await startTestApp({ config: {} });
    try {
      await app.adapter.say('ping');
      await app.adapter.say('nonsense');
      const health = await fetch(`http://127.0.0.1:${app.port}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', adapter: { name: 'test', connected: true }, store: { ok: true } });
      const metrics = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
      expect(metrics).toContain('opsbot_commands_total{command="ping",outcome="ok"} 1');
      expect(metrics).toContain('opsbot_commands_total{command="unknown",outcome="unknown"} 1');
      app.adapter.isConnected = false;
      const unhealthy = await fetch(`http://127.0.0.1:${app.port}/health`);
      expect(unhealthy.status).toBe(503);
    } finally {
      await app.close();
    }
  });

  it('loads a script dropped into the scripts folder, and shows it in help', async () => {
    const scripts = mkdtempSync(join(tmpdir(), 'opsbot-scripts-'));
    writeFileSync(join(scripts, 'weather.js'), ['// Description:', '//   Weather.', '// Commands:', '//   bot weather - how is it outside', "module.exports = (robot) => robot.respond(/weather$/, { name: 'weather' }, (res) => res.send('sunny'));", ''].join('\n'));
    const app = await startTestApp({ config: {}, scriptsDir: scripts });
    try {
      expect(await app.adapter.say('weather')).toEqual(['sunny']);
      expect(app.robot.helpCommands).toEqual([{ usage: 'weather', description: 'how is it outside' }]);
    } finally {
      await app.close();
      rmSync(scripts, { recursive: true, force: true });
    }
  });
});
