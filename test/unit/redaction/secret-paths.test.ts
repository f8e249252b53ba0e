import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigError } from '../../../src/config/config-error';
import { parseConfigText } from '../../../src/config/load-config';
import { AUDIT_STREAM } from '../../../src/audit/audit-log';
import { UserError } from '../../../src/robot/errors';
import { startTestApp, type TestApp } from '../../helpers/start-app';

const run = promisify(execFile);

// One secret per way a secret enters: a ${VAR} in config, a token in the environment, and
// well-known shapes nobody told us about.
const CONFIG_SECRET = 'Cfg-S3cret-4f9a1b';
const BOT_TOKEN = 'xoxb-111-222-envtokenabc';
const AWS_KEY = 'AKIAZZZZZZZZZZZZZZZZ';
const ALL = [CONFIG_SECRET, BOT_TOKEN, AWS_KEY];

async function start(): Promise<{ app: TestApp; events: unknown[] }> {
  const yaml = 'auth:\n  auditToken: "${AUDIT_TOKEN}"\n  roles: { ops: { users: ["*"] } }\n  rules: [{ command: "*", roles: [ops] }]\n';
  const { config, secrets } = parseConfigText(yaml, 'test.yaml', { AUDIT_TOKEN: CONFIG_SECRET });
  const app = await startTestApp({ scripts: true, env: { SLACK_BOT_TOKEN: BOT_TOKEN, BOT_ADAPTER: 'shell' }, loaded: { config, secrets, baseDir: '/', sandbox: false } });
  const events: unknown[] = [];
  app.robot.bus.on('log.error', (event) => events.push(event));
  const { robot } = app;
  robot.respond(/leak say$/, { name: 'leak.say' }, (res) => res.send(`the token is ${CONFIG_SECRET}, ${BOT_TOKEN} and ${AWS_KEY}`));
  robot.respond(/leak rich$/, { name: 'leak.rich' }, (res) => res.send({ text: 'rich', title: CONFIG_SECRET, fields: [{ label: 'key', value: AWS_KEY }], code: BOT_TOKEN, context: CONFIG_SECRET }));
  robot.respond(/leak log$/, { name: 'leak.log' }, async (res) => {
    robot.logger.warn({ password: 'hunter2hunter2', nested: { token: BOT_TOKEN } }, `connecting with ${CONFIG_SECRET}`);
    await res.send('logged');
  });
  robot.respond(/leak bug$/, { name: 'leak.bug' }, () => {
    throw new Error(`could not connect: secret ${CONFIG_SECRET} rejected, key ${AWS_KEY}`);
  });
  robot.respond(/leak expected$/, { name: 'leak.expected' }, () => {
    throw new UserError(`bad value ${CONFIG_SECRET}`);
  });
  // A remote command that echoes its environment (a deploy step printing $DB_PASSWORD).
  robot.respond(/leak remote$/, { name: 'leak.remote' }, async (res) => {
    const { stdout } = await run('sh', ['-c', 'echo "DB_PASSWORD=$DB_PASSWORD"; echo "key: $KEY"'], { env: { DB_PASSWORD: CONFIG_SECRET, KEY: BOT_TOKEN, PATH: process.env.PATH } });
    await res.send({ text: 'step output', code: stdout });
  });
  robot.respond(/leak echo (.+)$/, { name: 'leak.echo', target: (m) => m[1] }, (res) => res.send(`you said ${res.match[1]}`));
  robot.onAction('leak.button', (_event, reply) => reply(`button says ${CONFIG_SECRET}`));
  return { app, events };
}

function expectClean(text: string): void {
  for (const secret of ALL) expect(text).not.toContain(secret);
}

describe('secrets never leak', () => {
  it('not into chat, logs, error replies, error events, the audit log or a remote command echo', async () => {
    const { app, events } = await start();
    try {
      for (const command of ['leak say', 'leak rich', 'leak log', 'leak bug', 'leak expected', 'leak remote', `leak echo ${CONFIG_SECRET} ${BOT_TOKEN}`, `deploy ${CONFIG_SECRET}`]) {
        await app.adapter.say(command);
      }
      await app.robot.handleAction({ actionId: 'leak.button', value: CONFIG_SECRET, user: { id: 'U1', name: 'alice' }, channel: 'shell' });

      const chat = app.adapter.posted.map((p) => `${p.text}\n${JSON.stringify(p.message)}\n${JSON.stringify(p.edits)}`).join('\n');
      expectClean(chat);
      expect(chat).toContain('the token is [redacted], [redacted] and [redacted]');
      expect(chat).toContain('DB_PASSWORD=[redacted]');
      expect(chat).toContain('leak failed: could not connect: secret [redacted] rejected');
      expect(chat).toContain('button says [redacted]');
      expect(chat).toContain('you said [redacted] [redacted]');

      const logs = app.logs.join('');
      expectClean(logs);
      expect(logs).not.toContain('hunter2hunter2');
      expect(logs).toContain('connecting with [redacted]');
      expect(logs).toContain('could not connect');

      expect(events.length).toBeGreaterThan(0);
      expectClean(JSON.stringify(events));

      const audit = await app.robot.store.read(AUDIT_STREAM);
      expect(audit.length).toBeGreaterThanOrEqual(9);
      expectClean(JSON.stringify(audit));
      expect(JSON.stringify(audit)).toContain('leak echo [redacted] [redacted]');

      // The audit API answers with the token from ${AUDIT_TOKEN}, and its output is clean too.
      const answer = await fetch(`http://127.0.0.1:${app.port}/audit`, { headers: { authorization: `Bearer ${CONFIG_SECRET}` } });
      expect(answer.status).toBe(200);
      expectClean(await answer.text());
    } finally {
      await app.close();
    }
  });

  it('not in config error output', () => {
    const yaml = ['bot: { name: "${S1}", adminChannel: "${S2}" }', 'http: { port: "${S3}" }', 'auth:', '  confirmTtl: "${S4}"', '  auditToken: "${S5}"', '  rules: [{ command: "${S6}", roles: [x] }]'].join('\n');
    const env = { S1: 'bad name secret-1', S2: '#bad channel secret-2', S3: 'secret-3', S4: 'secret-4', S5: 'secret-5', S6: 'secret-6 !!' };
    let error: unknown;
    try {
      parseConfigText(yaml, 'opsbot.yaml', env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('bot.name');
    expect(message).toContain('auth.auditToken');
    for (const value of Object.values(env)) expect(message).not.toContain(value);
  });
});
