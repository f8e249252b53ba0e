import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runBot } from '../helpers/run-bot';

describe('the shell, as a child process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsbot-shell-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('`printf "help\\nping\\n" | npm start --silent` lists the commands, answers ping, exits 0', async () => {
    const run = await runBot('help\nping\n', { OPSBOT_DATA_DIR: dir }, { npm: true, timeoutMs: 60000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('opsbot ping - answers PONG');
    expect(run.stdout).toContain('opsbot help <word> - the commands that mention <word>');
    expect(run.stdout).toMatch(/PONG\n$/);
  }, 70000);

  it('handles piped lines in order and waits for slow commands before exiting', async () => {
    writeFileSync(join(dir, 'slow.js'), "module.exports = (robot) => robot.respond(/slow$/, { name: 'slow' }, async (res) => { await new Promise((r) => setTimeout(r, 300)); await res.send('slow done'); });\n");
    writeFileSync(join(dir, 'opsbot.yaml'), 'scripts:\n  - ./slow.js\n');
    const run = await runBot('slow\nping\n', { OPSBOT_DATA_DIR: dir, OPSBOT_CONFIG: join(dir, 'opsbot.yaml') });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('slow done\nPONG\n');
  });

  it('answers bad input clearly and keeps going', async () => {
    const run = await runBot(`\nfrobnicate\npnig\nhelp "unbalanced\n${'z'.repeat(100_000)}\nping\n`, { OPSBOT_DATA_DIR: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("I don't know `frobnicate`. Try `help`.");
    expect(run.stdout).toContain("I don't know `pnig`. Did you mean `ping`? Try `help`.");
    expect(run.stdout).toContain("help failed: unbalanced double quote");
    expect(run.stdout).toContain('too long (100000 characters)');
    expect(run.stdout).toMatch(/PONG\n$/);
  });

  it('exits 2 on a bad OPSBOT_CONFIG, listing every bad key path', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'bot:\n  name: 42 x\n  colour: red\nhttp:\n  port: -1\nextra: true\n');
    const run = await runBot('', { OPSBOT_DATA_DIR: dir, OPSBOT_CONFIG: join(dir, 'bad.yaml') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bot.name: expected a word like "opsbot"');
    expect(run.stderr).toContain('bot.colour: unknown key');
    expect(run.stderr).toMatch(/http\.port: /);
    expect(run.stderr).toContain('extra: unknown key');
  });

  it('exits 2 on a config that is not YAML', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'bot: [oops\n  - : :\n');
    const run = await runBot('', { OPSBOT_DATA_DIR: dir, OPSBOT_CONFIG: join(dir, 'bad.yaml') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\(yaml, line \d+\)/);
  });

  it('stops start-up naming a script with a syntax error', async () => {
    writeFileSync(join(dir, 'broken.ts'), 'export default (robot) => { robot.respond(/x/, ( => 1); };\n');
    writeFileSync(join(dir, 'opsbot.yaml'), 'scripts:\n  - ./broken.ts\n');
    const run = await runBot('ping\n', { OPSBOT_DATA_DIR: dir, OPSBOT_CONFIG: join(dir, 'opsbot.yaml') });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not load script .*broken\.ts: /);
    expect(run.stdout).toBe('');
  });

  it('shuts down cleanly on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: REPO, env: { PATH: process.env.PATH ?? '', OPSBOT_DATA_DIR: dir, HTTP_PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await new Promise<void>((resolve) => {
      const check = () => (stderr.includes('opsbot ready') ? resolve() : setTimeout(check, 50));
      check();
    });
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain('shutting down');
  }, 40000);
});
