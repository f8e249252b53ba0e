import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalTransport } from '../../../src/transport/local-transport';
import { TransportError } from '../../../src/transport/transport';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'opsbot-local-'));
  mkdirSync(join(root, 'web-1'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('local transport', () => {
  const transport = () => createLocalTransport({ root });

  it('runs commands in the host directory with HOST_DIR set and reports the exit code', async () => {
    const session = await transport().connect('web-1', { timeoutMs: 1000 });
    expect(session.root).toBe(join(root, 'web-1'));
    const chunks: string[] = [];
    const result = await session.exec('pwd; echo "$HOST_DIR"; echo oops >&2; exit 4', { timeoutMs: 5000, onOutput: (c) => chunks.push(c) });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe(`${session.root}\n${session.root}\n`);
    expect(result.output).toContain('oops');
    expect(chunks.join('')).toContain('oops');
  });

  it('stops a command at its timeout, with everything it started', async () => {
    const session = await transport().connect('web-1', { timeoutMs: 1000 });
    const started = Date.now();
    const result = await session.exec('sleep 5 & sleep 5; echo never', { timeoutMs: 300 });
    expect(result).toMatchObject({ code: -1, timedOut: true });
    expect(result.output).toMatch(/no answer after/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps only the tail of a chatty command', async () => {
    const session = await transport().connect('web-1', { timeoutMs: 1000 });
    const result = await session.exec('seq 1 100000', { timeoutMs: 5000, maxOutputBytes: 1000 });
    expect(result.truncated).toBe(true);
    expect(result.output.length).toBeLessThanOrEqual(1000);
    expect(result.output.trim().endsWith('100000')).toBe(true);
  });

  it('uploads only inside the host directory', async () => {
    const session = await transport().connect('web-1', { timeoutMs: 1000 });
    const src = join(root, 'artifact');
    writeFileSync(src, 'data');
    await session.upload(src, `${session.root}/srv/app/a.tgz`, { timeoutMs: 1000 });
    expect(readFileSync(join(root, 'web-1', 'srv', 'app', 'a.tgz'), 'utf8')).toBe('data');
    await expect(session.upload(src, join(root, 'elsewhere'), { timeoutMs: 1000 })).rejects.toThrow(/outside the host directory/);
  });

  it('refuses hosts that do not exist or are not plain names', async () => {
    await expect(transport().connect('web-9', { timeoutMs: 1000 })).rejects.toThrow(TransportError);
    await expect(transport().connect('../etc', { timeoutMs: 1000 })).rejects.toThrow(/directory names/);
  });
});
