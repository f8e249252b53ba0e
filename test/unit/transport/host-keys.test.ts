import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryMatches, fingerprint, keyTypeOf, knownKeyTypes, parseKnownHosts, verifyHostKey } from '../../../src/transport/host-keys';

// Real keys and a real `ssh-keygen -H` hashed file, so the parsing matches what OpenSSH writes.
let dir: string;
const keys: Record<string, { line: string; blob: Buffer; fp: string }> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsbot-hostkeys-'));
  for (const name of ['a', 'b', 'c']) {
    const file = join(dir, name);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const line = readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const fp = execFileSync('ssh-keygen', ['-lf', `${file}.pub`]).toString().split(' ')[1];
    keys[name] = { line, blob: Buffer.from(line.split(' ')[1], 'base64'), fp };
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('known_hosts', () => {
  it('computes fingerprints exactly like ssh-keygen -lf', () => {
    expect(fingerprint(keys.a.blob)).toBe(keys.a.fp);
    expect(keyTypeOf(keys.a.blob)).toBe('ssh-ed25519');
  });

  it('matches hashed entries written by ssh-keygen -H, including [host]:port names', () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `10.0.0.5 ${keys.a.line}\n[10.0.0.6]:2222 ${keys.b.line}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const entries = parseKnownHosts(readFileSync(file, 'utf8'));
    expect(entries.every((e) => e.hashed)).toBe(true);
    const policy = { knownHosts: entries, knownHostsFile: file };
    expect(verifyHostKey(policy, '10.0.0.5', 22, keys.a.blob)).toEqual({ ok: true });
    expect(verifyHostKey(policy, '10.0.0.6', 2222, keys.b.blob)).toEqual({ ok: true });
    expect(verifyHostKey(policy, '10.0.0.6', 22, keys.b.blob)).toMatchObject({ ok: false, reason: expect.stringMatching(/^unknown host key/) });
  });

  it('refuses a changed key as a possible man-in-the-middle and an unknown one with how to add it', () => {
    const policy = { knownHosts: parseKnownHosts(`web-1,10.0.0.5 ${keys.a.line}\n`), knownHostsFile: '/etc/ssh/known' };
    const changed = verifyHostKey(policy, 'web-1', 22, keys.b.blob);
    expect(changed).toEqual({ ok: false, reason: expect.stringMatching(/^HOST KEY CHANGED: web-1 presented ssh-ed25519 SHA256:.*\(possible man-in-the-middle/) });
    const unknown = verifyHostKey(policy, 'web-2', 2200, keys.a.blob);
    expect(unknown).toEqual({ ok: false, reason: expect.stringContaining('ssh-keyscan -p 2200 web-2 >> known_hosts') });
    expect(verifyHostKey({}, 'web-1', 22, keys.a.blob)).toMatchObject({ ok: false, reason: expect.stringContaining('no known_hosts or fingerprints configured') });
  });

  it('honours wildcards, negation, @revoked and skips @cert-authority lines', () => {
    const text = [
      '# comment',
      `*.internal,!bad.internal ${keys.a.line}`,
      `@revoked * ${keys.c.line}`,
      `@cert-authority *.internal ${keys.b.line}`,
      'garbage',
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries).toHaveLength(2);
    expect(entryMatches(entries[0], 'web.internal')).toBe(true);
    expect(entryMatches(entries[0], 'bad.internal')).toBe(false);
    const policy = { knownHosts: entries };
    expect(verifyHostKey(policy, 'web.internal', 22, keys.a.blob)).toEqual({ ok: true });
    expect(verifyHostKey(policy, 'web.internal', 22, keys.b.blob).ok).toBe(false);
    expect(verifyHostKey(policy, 'web.internal', 22, keys.c.blob)).toMatchObject({ ok: false, reason: expect.stringMatching(/@revoked/) });
    expect(knownKeyTypes(policy, 'web.internal', 22)).toEqual(['ssh-ed25519']);
  });

  it('accepts pinned fingerprints with or without the SHA256: prefix', () => {
    expect(verifyHostKey({ fingerprints: [keys.a.fp] }, 'x', 22, keys.a.blob)).toEqual({ ok: true });
    expect(verifyHostKey({ fingerprints: [keys.a.fp.replace('SHA256:', '')] }, 'x', 22, keys.a.blob)).toEqual({ ok: true });
    expect(verifyHostKey({ fingerprints: [keys.a.fp] }, 'x', 22, keys.b.blob)).toMatchObject({ ok: false, reason: expect.stringContaining('not a pinned fingerprint') });
  });
});
