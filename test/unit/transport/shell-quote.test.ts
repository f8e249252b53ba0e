import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { exportEnv, shellQuote } from '../../../src/transport/shell-quote';

// The property is checked against a real bash: whatever the value, the quoted word comes back
// unchanged and nothing in it runs.
describe('shellQuote', () => {
  it('round-trips any string through bash without running anything', () => {
    const samples = fc.sample(fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\0')), 300);
    samples.push("'; touch /tmp/opsbot-quote-pwned; '", '$(touch /tmp/opsbot-quote-pwned)', '`touch /tmp/opsbot-quote-pwned`', 'a\nb', "'", "''", '\\', '!');
    const script = samples.map((s) => `printf '%s\\0' ${shellQuote(s)}`).join('\n');
    const out = execFileSync('bash', ['-c', script]).toString('utf8');
    expect(out.split('\0').slice(0, -1)).toEqual(samples.map((s) => Buffer.from(s, 'utf8').toString('utf8')));
    expect(require('node:fs').existsSync('/tmp/opsbot-quote-pwned')).toBe(false);
  });

  it('refuses NUL, which no shell can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('exports variables with quoted values and checked names', () => {
    expect(exportEnv({ A: "x'y", B_2: '$(id)' })).toBe(`export A='x'\\''y' B_2='$(id)'`);
    expect(() => exportEnv({ 'A;B': 'x' })).toThrow(/bad environment variable name/);
    const out = execFileSync('bash', ['-c', `${exportEnv({ V: "it's $(id) `id`" })} && printf %s "$V"`]).toString();
    expect(out).toBe("it's $(id) `id`");
  });
});
