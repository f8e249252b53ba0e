import fc from 'fast-check';
import { createDeployer } from '../../../src/deployer/create-deployer';
import { startTestApp, type TestApp } from '../../helpers/start-app';
import { commandWords, hostileMessage } from './hostile-messages';
import { RecordingTransport, splitQuoted } from './recording-transport';

const USERS = [
  { id: 'U1', name: 'alice' },
  { id: 'U2', name: 'bob' },
  { id: 'U3', name: 'carol' },
];
/** A message the robot must answer: addressed to it (direct, or by name) and not empty once cleaned. */
function mustAnswer(text: string, direct: boolean, prefixed: boolean): boolean {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return (direct || prefixed) && cleaned.length > 0;
}

const BASELINE = ['deploy demo', 'deploy demo@v1', 'deploy demo to production', 'deploy status', 'deploy status demo', 'rollback demo', 'deploy demo@main --dry-run', 'deploy lock demo', 'deploy unlock demo'];

/** Swaps the deployer for one whose hosts only record the commands they would run. */
function recordRemoteCommands(app: TestApp): RecordingTransport {
  const transport = new RecordingTransport();
  const { config, dataDir, loaded } = app.context;
  app.robot.services.deployer = createDeployer({
    services: config.services,
    store: app.robot.store,
    bus: app.robot.bus,
    logger: app.logger,
    dataDir,
    baseDir: loaded.baseDir,
    transportFactory: () => transport,
    sleep: async () => undefined,
  });
  return transport;
}

/** Approves every pending confirmation, so confirmed commands reach the hosts too. */
async function approveAll(app: TestApp): Promise<void> {
  const flow = app.robot.need('confirmations');
  const pending = (await app.robot.store.list<{ status: string }>('auth.confirmations')).filter((c) => c.value.status === 'pending');
  for (const { key } of pending) await flow.approve(key, { id: 'U2', name: 'bob' }, 'shell', async () => undefined);
}

function describeBug(line: string): string {
  try {
    const record = JSON.parse(line) as { text?: string; msg?: string };
    return `${JSON.stringify(record.text ?? '').slice(0, 120)} → ${record.msg}`;
  } catch {
    return line.slice(0, 200);
  }
}

describe('hostile input through the whole bot (sandbox, every script)', () => {
  it('survives 10,000 generated messages: no crash, no unhandled rejection, every addressed message answered', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const app = await startTestApp();
    try {
      const transport = recordRemoteCommands(app);
      // The shapes of every remote command a legitimate session produces.
      for (const text of BASELINE) await app.adapter.say(text);
      await approveAll(app);
      const allowed = new Set(transport.commands.map((c) => splitQuoted(c.command).skeleton));
      // prepare, verify+unpack, install/restart/health (one template), switch, status: the legit shapes.
      expect(allowed.size).toBeGreaterThanOrEqual(5);
      const baseline = transport.commands.length;

      const words = commandWords(app.robot.helpCommands.map((c) => c.usage));
      expect(words.length).toBeGreaterThan(10);
      const names = ['demo', 'demo@main', 'demo@v1', 'demo@$(id)', "demo@'x'", 'api', 'web', 'billing', 'production', 'staging', 'demo-api', 'main', 'HEAD~1', 'v1.2.3'];
      let answered = 0;
      let ignored = 0;
      await fc.assert(
        fc.asyncProperty(hostileMessage(words, names), fc.constantFrom(...USERS), fc.integer({ min: 0, max: 9 }), async (text, user, mode) => {
          // Mostly the shell/DM (every line addressed); some channel chatter, some "opsbot ..." in a channel.
          const direct = mode < 7;
          const prefixed = mode === 9;
          const message = prefixed ? `opsbot ${text}` : text;
          const replies = await app.adapter.say(message, { user, direct, channel: direct ? 'shell' : 'C0FUZZ' });
          if (mustAnswer(message, direct, prefixed)) {
            if (replies.length === 0) throw new Error(`no reply to ${JSON.stringify(message.slice(0, 200))}`);
            answered += 1;
          } else ignored += 1;
        }),
        { numRuns: 10_000, seed: Number(process.env.FUZZ_SEED ?? 7), endOnFailure: true },
      );
      await approveAll(app);
      await app.robot.idle();
      // User text reaches a host only inside single quotes, and only as a validated value.
      const fuzzed = transport.commands.slice(baseline);
      expect(fuzzed.length).toBeGreaterThan(0);
      if (process.env.FUZZ_DEBUG) process.stderr.write(`remote commands: baseline ${baseline}, fuzzed ${fuzzed.length}, shapes ${allowed.size}\n`);
      const templates = Object.values(app.context.config.services).flatMap((s) => [s.install, s.restart, ...(s.health && 'command' in s.health ? [s.health.command] : [])]).filter(Boolean);
      for (const { command } of fuzzed) {
        const { skeleton, values } = splitQuoted(command);
        if (!allowed.has(skeleton)) throw new Error(`a remote command with a new shape: ${command.slice(0, 300)}`);
        for (const value of values) {
          if (!templates.includes(value) && !/^[A-Za-z0-9@._\/:=+,%~ -]*(\\n)?$/.test(value)) throw new Error(`an unvalidated value reached a host: ${JSON.stringify(value)} in ${command.slice(0, 300)}`);
        }
      }
      if (process.env.FUZZ_DEBUG) process.stderr.write(`answered ${answered}, ignored ${ignored}\n`);
      expect(answered).toBeGreaterThan(6000);
      expect(ignored).toBeGreaterThan(0);
      expect(rejections).toEqual([]);
      // Bugs are logged at error (50); hostile input must only ever produce expected refusals.
      const bugs = app.logs.filter((line) => /"level":(50|60)/.test(line)).map(describeBug);
      expect(bugs).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      await app.close();
    }
  }, 120_000);
});
