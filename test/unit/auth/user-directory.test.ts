import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Authorizer } from '../../../src/auth/authorizer';
import { SlackUserDirectory } from '../../../src/auth/slack-user-directory';
import { CachedUserDirectory, StaticUserDirectory, type UserDirectory } from '../../../src/auth/user-directory';
import { AuthSection } from '../../../src/config/sections/auth';

const logger = pino({ level: 'silent' });

/** The three Slack Web API methods the directory calls, over real HTTP. */
async function fakeSlack(state: { members: Record<string, string[]>; fail?: boolean }): Promise<{ url: string; calls: string[]; server: Server }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const method = req.url!.replace(/^\/api\//, '').split('?')[0];
      const params = new URLSearchParams(body);
      calls.push(method);
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== 'Bearer xoxb-test-token') return res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
      if (state.fail) return res.end(JSON.stringify({ ok: false, error: 'ratelimited_fake' }));
      if (method === 'usergroups.list') return res.end(JSON.stringify({ ok: true, usergroups: [{ id: 'S0PLATFORM', handle: 'platform' }, { id: 'S0SRE', handle: 'sre' }] }));
      if (method === 'usergroups.users.list') return res.end(JSON.stringify({ ok: true, users: state.members[params.get('usergroup') ?? ''] ?? [] }));
      if (method === 'conversations.info') return res.end(JSON.stringify({ ok: true, channel: { id: params.get('channel'), name: 'deploys' } }));
      res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, calls, server };
}

describe('user groups', () => {
  it('resolves @groups and channel names through the Slack Web API, cached and refreshed', async () => {
    const state = { members: { S0PLATFORM: ['U1', 'U2'] } as Record<string, string[]>, fail: false };
    const slack = await fakeSlack(state);
    try {
      const clock = { time: 0, now() { return this.time; } };
      const directory = new CachedUserDirectory(new SlackUserDirectory({ token: 'xoxb-test-token', apiUrl: slack.url, logger }), { refreshMs: 60_000, clock, logger });
      const config = AuthSection.parse({ roles: { platform: { groups: ['@platform'] } }, rules: [{ command: 'deploy', roles: ['platform'], channels: ['#deploys'] }] });
      const auth = new Authorizer({ config, directory, sandbox: false });
      const ask = { command: 'deploy', target: 'api', mutates: true, channel: 'C0DEPLOYS' };

      expect((await auth.check({ id: 'U1', name: 'alice' }, ask)).allowed).toBe(true);
      expect((await auth.check({ id: 'U3', name: 'carol' }, ask)).reason).toBe('`deploy api` needs role platform, in #deploys (rule 1: deploy)');
      expect(slack.calls.filter((c) => c === 'usergroups.users.list')).toHaveLength(1);

      // Membership changes in Slack show after the refresh interval, not before.
      state.members.S0PLATFORM = ['U3'];
      expect((await auth.check({ id: 'U3', name: 'carol' }, ask)).allowed).toBe(false);
      clock.time += 61_000;
      expect((await auth.check({ id: 'U3', name: 'carol' }, ask)).allowed).toBe(true);

      // Slack failing keeps the last known members instead of locking everyone out.
      state.fail = true;
      clock.time += 61_000;
      expect((await auth.check({ id: 'U3', name: 'carol' }, ask)).allowed).toBe(true);
      expect(await directory.groupMembers('@nobody')).toEqual([]);
    } finally {
      slack.server.close();
    }
  });

  it('roles include groups and other roles; a failing directory with nothing cached denies', async () => {
    const failing: UserDirectory = { groupMembers: async () => Promise.reject(new Error('down')) };
    const config = AuthSection.parse({ roles: { sre: { groups: ['@sre'] }, deployers: { roles: ['sre'], users: ['U5'] } }, rules: [{ command: 'deploy', roles: ['deployers'] }] });
    const ask = { command: 'deploy', mutates: true, channel: 'C1' };
    const withGroups = new Authorizer({ config, directory: new StaticUserDirectory({ sre: ['U7'] }), sandbox: false });
    expect((await withGroups.check({ id: 'U7', name: 'sam' }, ask)).allowed).toBe(true);
    expect((await withGroups.check({ id: 'U5', name: 'dee' }, ask)).allowed).toBe(true);
    const down = new Authorizer({ config, directory: new CachedUserDirectory(failing, { refreshMs: 1000, clock: { now: () => 0 }, logger }), sandbox: false });
    expect((await down.check({ id: 'U7', name: 'sam' }, ask)).allowed).toBe(false);
    expect((await new Authorizer({ config, directory: new StaticUserDirectory(), sandbox: true }).check({ id: 'U7', name: 'sam' }, ask)).allowed).toBe(true);
  });
});
