import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeployer } from '../../src/deployer/create-deployer';
import type { RichMessage } from '../../src/robot/message';
import { buildSandboxConfig } from '../../src/sandbox/sandbox-config';
import { prepareSandboxDemo } from '../../src/sandbox/services';
import { startTestApp, type TestApp } from '../helpers/start-app';
import { RecordingTransport } from '../unit/fuzz/recording-transport';

const alice = { id: 'U1', name: 'alice' };
const bob = { id: 'U2', name: 'bob' };
const mallory = { id: 'U9', name: 'mallory' };

/** The real deploy script and deployer on the sandbox's demo service, hosts recorded instead of touched. */
async function start(dataDir: string): Promise<{ app: TestApp; transport: RecordingTransport; started: unknown[] }> {
  prepareSandboxDemo({ dataDir });
  const config = {
    ...buildSandboxConfig({ dataDir }),
    auth: {
      roles: { deployers: { users: ['U1', 'U2'] } },
      rules: [
        { command: 'deploy', roles: ['deployers'] },
        { command: 'deploy', target: '* to production', roles: ['deployers'], channels: ['#deploys'], approvers: 1 },
      ],
    },
  };
  const app = await startTestApp({ config, dataDir });
  const transport = new RecordingTransport();
  app.robot.services.deployer = createDeployer({ services: app.context.config.services, store: app.robot.store, bus: app.robot.bus, logger: app.logger, dataDir, baseDir: dataDir, transportFactory: () => transport, sleep: async () => undefined });
  const started: unknown[] = [];
  app.robot.bus.on('deploy.started', (event) => started.push(event));
  return { app, transport, started };
}

describe('authorization of the real deploy command', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'opsbot-auth-deploy-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('denies an unauthorized deploy to production with the reason, and audits it', async () => {
    const { app, transport, started } = await start(dataDir);
    try {
      const replies = await app.adapter.say('deploy demo to production', { user: mallory, channel: 'deploys' });
      expect(replies).toEqual(['Denied: `deploy demo to production` needs role deployers, in #deploys (rule 2: deploy "* to production").']);
      expect(await app.adapter.say('deploy demo to production', { user: alice, channel: 'random' })).toEqual(['Denied: `deploy demo to production` is allowed only in #deploys (rule 2: deploy "* to production").']);
      expect(transport.commands).toEqual([]);
      expect(started).toEqual([]);
      const [, entry] = await app.robot.need('audit').query({ limit: 2 });
      expect(entry).toMatchObject({ user: mallory, command: 'deploy', target: 'demo to production', outcome: 'denied', rule: 'rule 2: deploy "* to production"' });
    } finally {
      await app.close();
    }
  });

  it('asks for a second person, then deploys once even when Approve is clicked twice', async () => {
    const { app, transport, started } = await start(dataDir);
    try {
      const replies = await app.adapter.say('deploy demo to production', { user: alice, channel: 'deploys' });
      expect(replies[0]).toContain('Confirm: deploy demo to production');
      const prompt = [...app.adapter.posted].reverse().find((p) => typeof p.message !== 'string' && p.message.actions)!;
      const id = (prompt.message as RichMessage).actions![0].value;
      expect(transport.commands).toEqual([]);

      const click = (user: typeof alice) => app.robot.handleAction({ actionId: `confirm.approve:${id}`, value: id, user, channel: 'deploys', messageTs: prompt.ts });
      await click(alice); // the requester does not count
      expect(started).toEqual([]);
      await Promise.all([click(bob), click(bob)]);
      await click(bob);
      await app.robot.idle();
      expect(started).toHaveLength(1);
      const prepared = transport.commands.filter((c) => c.command.startsWith('mkdir -p')).map((c) => c.host);
      expect(prepared.sort()).toEqual(['demo-prod-1', 'demo-prod-2']);
      const entries = await app.robot.need('audit').query({ limit: 50, command: 'deploy' });
      expect(entries.filter((e) => e.kind === 'command' && e.confirmation === id && e.outcome === 'ok')).toEqual([expect.objectContaining({ user: alice, confirmedBy: [bob] })]);
    } finally {
      await app.close();
    }
  });

  it('lets deployers deploy to staging at once, and shows others in help what they may not run', async () => {
    const { app, started } = await start(dataDir);
    try {
      await app.adapter.say('deploy demo', { user: bob, channel: 'random' });
      await app.robot.idle();
      expect(started).toHaveLength(1);
      const help = (await app.adapter.say('help deploy', { user: mallory }))[0];
      expect(help).toMatch(/opsbot deploy <service>\[@<ref>\] \[to <env>\] - roll a release out.*\(not for you: needs role deployers\)/);
      expect(help).toMatch(/opsbot deploy status \[<service>\] - [^\n]*$/m);
      expect(help).not.toMatch(/deploy status[^\n]*not for you/);
      const forBob = (await app.adapter.say('help deploy', { user: bob }))[0];
      expect(forBob).toMatch(/^opsbot deploy <service>\[@<ref>\] \[to <env>\] - roll a release out[^\n]*\)$/m);
      expect(forBob).not.toMatch(/roll a release out[^\n]*not for you/);
      // Rules name commands exactly: a deploy rule does not cover deploy.lock.
      expect(forBob).toContain('stop deploys until unlocked (not for you: no auth rule allows it)');
    } finally {
      await app.close();
    }
  });
});
