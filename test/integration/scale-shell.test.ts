import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** The real entry point on the built-in sandbox, commands piped into the shell adapter. */
function runShell(dataDir: string, lines: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = execFile(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['src/index.ts'],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: dataDir, OPSBOT_DATA_DIR: dataDir, HTTP_PORT: '0', LOG_LEVEL: 'warn' }, timeout: 45_000 },
      (error, stdout, stderr) => (error ? fail(new Error(`${error.message}\n${stderr}`)) : done(stdout)),
    );
    child.stdin!.end(`${lines.join('\n')}\n`);
  });
}

describe('scale commands through the shell on a fresh machine', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'opsbot-scale-shell-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('shows the simulated fleet, its median and the load predicted at n−1', async () => {
    const out = await runShell(dataDir, ['scale status']);
    expect(out).toMatch(/scale web: 3 instances on simulated, mode simulate/);
    expect(out).toMatch(/next: hold — median \d+\.\d% within marks; median \d+\.\d% × 3\/2 = \d+\.\d% on 2 ≥ low 80%/);
    expect(out).toMatch(/i-0sim\w+\s+web-1\s+8d \d+m\s+\d+\.\d%\s+[▁▂▃▄▅▆▇█]{12}/);
    expect(out).toMatch(/marks low 80% \/ high 90%/);
  });

  it('drives the load and shows the decision change, kept across restarts', async () => {
    await runShell(dataDir, ['scale simulate web load 97']);
    const out = await runShell(dataDir, ['scale status web', 'scale run web', 'scale history web']);
    expect(out).toMatch(/next: would launch 1 — median 9\d\.\d% > high 90% over 3 instances/);
    expect(out).toMatch(/scale web \(simulate\): would launch 1/);
    expect(out).toMatch(/would launch \[simulate\] — median 9\d\.\d% > high 90%/);
  });
});
