import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeSlack } from '../fakes/fake-slack';

const ROOT = resolve(__dirname, '..', '..');

/** A script that queues n unprompted messages for #ops, then says so. */
const SPAM_SCRIPT = `
// Description:
//   Test helper: floods #ops.
// Commands:
//   bot spam <n> - queue n messages for #ops
module.exports = (robot) => {
  robot.respond(/spam (\\d+)$/i, { name: 'spam' }, async (res) => {
    const n = Number(res.match[1]);
    for (let i = 1; i <= n; i++) await robot.messageRoom('ops', 'message ' + i + ' of ' + n, { key: 'spam-' + i });
    await res.send('queued ' + n);
  });
};
`;

function botEnv(slack: FakeSlack, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slack.url, HTTP_PORT: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...extra };
  delete env.BOT_ADAPTER;
  delete env.SLACK_SIGNING_SECRET;
  return env;
}

const closed = new WeakMap<ChildProcess, Promise<number | null>>();

/** Tracks a child until its stdio closed too (grandchildren of npm hold the pipe until they exit). */
function track(child: ChildProcess, output: string[]): ChildProcess {
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  closed.set(child, new Promise((done) => child.once('close', (code) => done(code))));
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  return closed.get(child)!;
}

describe('the bot as a real process against a fake Slack', () => {
  let slack: FakeSlack;
  let dir: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    slack = await FakeSlack.start();
    dir = mkdtempSync(join(tmpdir(), 'opsbot-restart-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers all 100 queued messages after a kill -9, none twice', async () => {
    writeFileSync(join(dir, 'spam.js'), SPAM_SCRIPT);
    writeFileSync(join(dir, 'opsbot.yaml'), ['bot: { name: opsbot, adminChannel: ops-alerts }', 'slack: { pacing: { perSecond: 50, burst: 10 } }', 'scripts: [./spam.js]', ''].join('\n'));
    const output: string[] = [];
    const env = botEnv(slack, { OPSBOT_CONFIG: join(dir, 'opsbot.yaml'), OPSBOT_DATA_DIR: join(dir, 'var') });
    // One node process (no npx/tsx wrapper), so SIGKILL hits the bot itself.
    const start = () => {
      const child = track(spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] }), output);
      children.push(child);
      return child;
    };

    // Slack takes the first 30 messages to #ops, then asks for a very long pause.
    slack.rateLimit = { perSecond: 0.0001, burst: 30 };
    const first = start();
    await slack.waitFor(() => slack.socket.open === 1, 30_000).catch((error) => {
      throw new Error(`${error.message}\nbot stderr:\n${output.join('')}`);
    });
    slack.mention('spam 100', { channel: 'C0DEPLOY1' });
    await slack.waitFor(() => slack.messages.find((m) => m.text === 'queued 100'), 15_000);
    await slack.waitFor(() => slack.messagesIn('C0OPS0001').length === 30 && slack.calls.some((c) => c.status === 429), 15_000);
    first.kill('SIGKILL');
    await exited(first);

    slack.rateLimit = undefined;
    const second = start();
    await slack.waitFor(() => slack.messagesIn('C0OPS0001').length >= 100, 30_000);
    await new Promise((done) => setTimeout(done, 300));
    const texts = slack.messagesIn('C0OPS0001').map((m) => m.text);
    expect(texts).toHaveLength(100);
    expect(new Set(texts).size).toBe(100);
    expect(texts.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => `message ${i + 1} of 100`));
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
  }, 90_000);

  it('npm start connects over Socket Mode and answers `<@BOT> help` in the thread of the mention', async () => {
    const output: string[] = [];
    const child = track(spawn('npm', ['start', '--silent'], { cwd: ROOT, env: botEnv(slack, { OPSBOT_DATA_DIR: join(dir, 'var') }), stdio: ['ignore', 'ignore', 'pipe'], detached: true }), output);
    children.push(child);
    await slack.waitFor(() => slack.socket.open === 1, 45_000).catch((error) => {
      throw new Error(`${error.message}\nbot stderr:\n${output.join('')}`);
    });
    const { ts } = slack.mention('help', { channel: 'C0OPS0001' });
    const reply = await slack.waitFor(() => slack.messages.find((m) => m.threadTs === ts), 15_000);
    expect(reply.channel).toBe('C0OPS0001');
    expect(reply.text).toMatch(/help - every command the bot knows/);
    expect(reply.text).toMatch(/outbox status/);
    process.kill(-child.pid!, 'SIGTERM');
    await exited(child);
  }, 90_000);
});
