import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import confirmScript from '../../scripts/confirm';
import auditScript from '../../scripts/audit';
import type { AuditRecord } from '../../src/audit/audit-log';
import type { ConfigInput } from '../../src/config/schema';
import type { RichMessage } from '../../src/robot/message';
import { startTestApp, type TestApp } from '../helpers/start-app';

const alice = { id: 'U1', name: 'alice' }; // deployer
const bob = { id: 'U2', name: 'bob' }; // deployer
const carol = { id: 'U3', name: 'carol' }; // deployer
const mallory = { id: 'U9', name: 'mallory' }; // nobody

const AUTH: ConfigInput['auth'] = {
  roles: { deployers: { users: ['U1', 'U2', 'U3'] }, admins: { users: ['U1'], roles: [] } },
  rules: [
    { command: 'deploy', roles: ['deployers'] },
    { command: 'deploy', target: 'billing to production', roles: ['deployers'], approvers: 2 },
    { command: 'deploy', target: 'web to production', roles: ['deployers'], approvers: 1 },
  ],
  auditToken: 'audit-token-0123456789',
};

class FakeClock {
  constructor(public time = Date.parse('2025-03-01T12:00:00Z')) {}
  now(): number {
    return this.time;
  }
}

async function start(options: { dataDir?: string; clock?: FakeClock; auth?: ConfigInput['auth']; sandbox?: boolean } = {}) {
  const app = await startTestApp({ config: { auth: options.auth ?? AUTH }, scripts: false, dataDir: options.dataDir, clock: options.clock, sandbox: options.sandbox });
  const runs: string[] = [];
  app.robot.respond(
    /deploy (\S+)(?: to (\S+))?$/i,
    { name: 'deploy', mutates: true, target: (m) => `${m[1]} to ${m[2] ?? 'staging'}`, confirm: (m) => m[2] === 'production', describe: (m) => `Roll ${m[1]} out to ${m[2] ?? 'staging'}, 2 hosts at a time` },
    async (res) => {
      runs.push(`${res.match[1]}:${res.user.name}`);
      await res.send(`deploying ${res.match[1]}`);
    },
  );
  app.robot.respond(/deploys$/i, { name: 'deploys' }, (res) => res.send('no deploys yet'));
  await confirmScript(app.robot);
  await auditScript(app.robot);
  return { app, runs };
}

function lastPrompt(app: TestApp): { id: string; message: RichMessage; ts: string; channel: string } {
  const posted = [...app.adapter.posted].reverse().find((p) => typeof p.message !== 'string' && p.message.actions?.length);
  if (!posted) throw new Error('no confirmation prompt was posted');
  const message = posted.message as RichMessage;
  return { id: message.actions![0].value, message, ts: posted.ts, channel: posted.channel };
}

async function click(app: TestApp, action: 'approve' | 'cancel', id: string, user: { id: string; name: string }, ts?: string): Promise<string[]> {
  const before = app.adapter.posted.length;
  await app.robot.handleAction({ actionId: `confirm.${action}:${id}`, value: id, user, channel: 'shell', messageTs: ts });
  return app.adapter.posted.slice(before).map((p) => p.text);
}

async function auditEntries(app: TestApp): Promise<AuditRecord[]> {
  return app.robot.need('audit').query({ limit: 100 });
}

describe('authorization', () => {
  it('denies an unauthorized deploy to production with the reason, and audits it', async () => {
    const { app, runs } = await start();
    try {
      const replies = await app.adapter.say('deploy api to production', { user: mallory });
      expect(replies).toEqual(['Denied: `deploy api to production` needs role deployers (rule 1: deploy).']);
      expect(runs).toEqual([]);
      const [entry] = await auditEntries(app);
      expect(entry).toMatchObject({ kind: 'command', user: mallory, channel: 'shell', text: 'deploy api to production', command: 'deploy', target: 'api to production', allowed: false, outcome: 'denied', rule: 'rule 1: deploy' });
      expect(entry.reason).toContain('needs role deployers');
    } finally {
      await app.close();
    }
  });

  it('lets read-only commands through for everyone and denies mutating ones without a rule', async () => {
    const { app } = await start({ auth: {} });
    try {
      expect(await app.adapter.say('deploys', { user: mallory })).toEqual(['no deploys yet']);
      expect((await app.adapter.say('deploy api', { user: alice }))[0]).toMatch(/^Denied: `deploy api to staging` changes something and no auth rule allows it/);
    } finally {
      await app.close();
    }
  });

  it('allows everything on the sandbox (confirmations still ask)', async () => {
    const { app, runs } = await start({ auth: {}, sandbox: true });
    try {
      expect(await app.adapter.say('deploy api', { user: mallory })).toEqual(['deploying api']);
      await app.adapter.say('deploy api to production', { user: mallory });
      expect(runs).toEqual(['api:mallory']);
      expect(await app.adapter.say(`yes ${lastPrompt(app).id}`, { user: mallory })).toContain('deploying api');
      expect(runs).toEqual(['api:mallory', 'api:mallory']);
    } finally {
      await app.close();
    }
  });
});

describe('confirmations', () => {
  it('asks with a plan and buttons; the deploy starts only after Approve, once even when clicked twice', async () => {
    const { app, runs } = await start();
    try {
      expect(await app.adapter.say('deploy api to staging', { user: alice })).toEqual(['deploying api']);
      const replies = await app.adapter.say('deploy api to production', { user: alice });
      expect(runs).toEqual(['api:alice']);
      const prompt = lastPrompt(app);
      expect(replies[0]).toContain('Confirm: deploy api to production');
      expect(replies[0]).toContain('Roll api out to production, 2 hosts at a time');
      expect(replies[0]).toContain(`yes ${prompt.id}`);
      expect(prompt.message.actions?.map((a) => a.actionId)).toEqual([`confirm.approve:${prompt.id}`, `confirm.cancel:${prompt.id}`]);

      expect(await click(app, 'approve', prompt.id, bob, prompt.ts)).toEqual(['deploying api']);
      expect(runs).toEqual(['api:alice', 'api:alice']);
      expect(await click(app, 'approve', prompt.id, carol, prompt.ts)).toEqual([`Confirmation \`${prompt.id}\` was already approved by bob and ran (ok).`]);
      expect(runs).toHaveLength(2);
      // The prompt lost its buttons and says who approved it.
      const edited = app.adapter.posted.find((p) => p.ts === prompt.ts)!;
      expect(edited.text).toContain('Approved by bob: running.');
      expect((edited.edits[0] as RichMessage).actions).toBeUndefined();

      const entries = await auditEntries(app);
      const run = entries.find((e) => e.kind === 'command' && e.confirmation === prompt.id && e.outcome === 'ok');
      expect(run).toMatchObject({ user: alice, command: 'deploy', confirmedBy: [bob] });
      expect(entries.find((e) => e.kind === 'command' && e.outcome === 'pending')).toMatchObject({ confirmation: prompt.id });
      expect(entries.filter((e) => e.kind === 'button').map((e) => e.outcome)).toEqual(['error', 'ok']);
    } finally {
      await app.close();
    }
  });

  it('runs once when two approvals race', async () => {
    const { app, runs } = await start();
    try {
      await app.adapter.say('deploy api to production', { user: alice });
      const { id } = lastPrompt(app);
      await Promise.all([click(app, 'approve', id, alice), click(app, 'approve', id, bob), app.adapter.say(`yes ${id}`, { user: carol })]);
      expect(runs).toEqual(['api:alice']);
    } finally {
      await app.close();
    }
  });

  it('needs a second approver where configured, and never counts the requester', async () => {
    const { app, runs } = await start();
    try {
      await app.adapter.say('deploy billing to production', { user: alice });
      const { id, ts } = lastPrompt(app);
      expect(await click(app, 'approve', id, alice, ts)).toEqual(['You asked for this; it needs 2 more approvals from someone else.']);
      expect(await click(app, 'approve', id, mallory, ts)).toEqual(['You may not approve this: `deploy billing to production` needs role deployers (rule 2: deploy "billing to production").']);
      expect(await click(app, 'approve', id, bob, ts)).toEqual(['Approval recorded (1 of 2); it still needs 1 more approval.']);
      expect(await click(app, 'approve', id, bob, ts)).toEqual(['You already approved this; it still needs 1 more approval.']);
      expect(runs).toEqual([]);
      expect(await click(app, 'approve', id, carol, ts)).toEqual(['deploying billing']);
      expect(runs).toEqual(['billing:alice']);

      await app.adapter.say('deploy web to production', { user: alice });
      const web = lastPrompt(app);
      expect(await app.adapter.say(`yes ${web.id}`, { user: alice })).toEqual(['You asked for this; it needs 1 more approval from someone else.']);
      expect(await app.adapter.say(`yes ${web.id}`, { user: bob })).toContain('deploying web');
      expect(runs).toEqual(['billing:alice', 'web:alice']);
    } finally {
      await app.close();
    }
  });

  it('cancels, and a later approval says so', async () => {
    const { app, runs } = await start();
    try {
      await app.adapter.say('deploy api to production', { user: alice });
      const { id, ts } = lastPrompt(app);
      expect(await click(app, 'cancel', id, mallory, ts)).toEqual(['You may not cancel this: `deploy api to production` needs role deployers (rule 1: deploy).']);
      expect(await app.adapter.say(`no ${id}`, { user: alice })).toEqual(expect.arrayContaining(['Cancelled `deploy api to production`.']));
      expect(await click(app, 'approve', id, bob, ts)).toEqual([`Confirmation \`${id}\` was already cancelled by alice.`]);
      expect(await app.adapter.say('yes zzzzzz', { user: bob })).toEqual(['There is no confirmation `zzzzzz`; it may have expired. Run the command again.']);
      expect(runs).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('expires after the TTL and says so when clicked', async () => {
    const clock = new FakeClock();
    const { app, runs } = await start({ clock, auth: { ...AUTH, confirmTtl: '5m' } });
    try {
      await app.adapter.say('deploy api to production', { user: alice });
      const { id, ts } = lastPrompt(app);
      clock.time += 7 * 60_000;
      expect(await click(app, 'approve', id, bob, ts)).toEqual([`Confirmation \`${id}\` expired 2m ago; run \`deploy api to production\` again.`]);
      expect(runs).toEqual([]);
      expect(app.adapter.posted.find((p) => p.ts === ts)!.text).toContain('Expired: nobody approved in time.');

      // The sweep takes the buttons off prompts nobody clicked.
      await app.adapter.say('deploy web to production', { user: alice });
      const other = lastPrompt(app);
      clock.time += 6 * 60_000;
      expect(await app.robot.need('confirmations').expireDue()).toBe(1);
      expect(app.adapter.posted.find((p) => p.ts === other.ts)!.text).toContain('Expired');
    } finally {
      await app.close();
    }
  });

  it('survives a restart: approving after the bot restarted runs the command', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-auth-'));
    try {
      const first = await start({ dataDir });
      await first.app.adapter.say('deploy api to production', { user: alice, channel: 'C0DEPLOYS', thread: '1700.1' });
      const { id, ts } = lastPrompt(first.app);
      await first.app.close();

      const second = await start({ dataDir });
      try {
        await second.app.robot.handleAction({ actionId: `confirm.approve:${id}`, value: id, user: bob, channel: 'C0DEPLOYS', messageTs: ts });
        expect(second.runs).toEqual(['api:alice']);
        const reply = second.app.adapter.posted.find((p) => p.text === 'deploying api')!;
        expect(reply).toMatchObject({ channel: 'C0DEPLOYS', thread: '1700.1' });
        expect(await second.app.adapter.say(`yes ${id}`, { user: carol })).toEqual([`Confirmation \`${id}\` was already approved by bob and ran (ok).`]);
      } finally {
        await second.app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the audit log', () => {
  it('answers `audit [n] [user|command]` in chat', async () => {
    const { app } = await start();
    try {
      await app.adapter.say('deploy api', { user: alice });
      await app.adapter.say('deploy api to production', { user: mallory });
      await app.adapter.say('deploys', { user: bob });
      const all = (await app.adapter.say('audit', { user: bob }))[0];
      expect(all).toContain('Audit: the latest 3');
      expect(all).toMatch(/mallory in #shell {2}deploy api to production {2}→ denied: `deploy api to production` needs role deployers/);
      const byUser = (await app.adapter.say('audit 5 mallory'))[0];
      expect(byUser).toContain('Audit: the latest 1 for mallory');
      const byCommand = (await app.adapter.say('audit 1 deploy'))[0];
      expect(byCommand).toContain('Audit: the latest 1 for deploy');
      expect(byCommand).toContain('deploy api to production');
      expect(await app.adapter.say('audit nobody')).toEqual(['No audit entries for `nobody`.']);
    } finally {
      await app.close();
    }
  });

  it('serves GET /audit as JSON lines behind the bearer token', async () => {
    const { app } = await start();
    try {
      await app.adapter.say('deploy api', { user: alice });
      await app.adapter.say('deploy api to production', { user: mallory });
      const url = `http://127.0.0.1:${app.port}/audit`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      const bad = await fetch(`${url}?limit=lots`, { headers: { authorization: `Bearer ${AUTH.auditToken}` } });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'limit: expected a whole number from 1 to 10000' });
      const ok = await fetch(url, { headers: { authorization: `Bearer ${AUTH.auditToken}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toContain('application/x-ndjson');
      const lines = (await ok.text()).trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.map((l) => [l.user.name, l.outcome])).toEqual([['alice', 'ok'], ['mallory', 'denied']]);
      const after = await fetch(`${url}?after=${lines[0].seq}&user=mallory`, { headers: { authorization: `Bearer ${AUTH.auditToken}` } });
      expect((await after.text()).trim().split('\n')).toHaveLength(1);
    } finally {
      await app.close();
    }
    const off = await start({ auth: {} });
    try {
      expect((await fetch(`http://127.0.0.1:${off.app.port}/audit`)).status).toBe(404);
    } finally {
      await off.app.close();
    }
  });
});
