import fc from 'fast-check';
import { REDACTED, Redactor } from '../../../src/log/redactor';

const PRIVATE_KEY = ['-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', '-----END OPENSSH PRIVATE KEY-----'].join('\n');

describe('Redactor', () => {
  const redactor = new Redactor(['Sup3r-S3cret-Value', 'we"ird\\pass']);

  it.each([
    ['a Slack bot token', 'token xoxb-1234567890-0987654321-AbCdEfGhIjKl in the text'],
    ['a Slack app token', 'xapp-1-A0123-4567-abcdef0123'],
    ['a Slack user token', 'xoxp-1234567890-abcdef'],
    ['an AWS access key id', 'key AKIAIOSFODNN7EXAMPLE used'],
    ['an AWS secret key assignment', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['a private key', `here:\n${PRIVATE_KEY}\nend`],
    ['a truncated private key', PRIVATE_KEY.slice(0, 90)],
    ['a password assignment', 'mysql -u app --password=hunter2hunter2'],
    ['a JSON password', '{"user":"app","password":"hunter2hunter2"}'],
    ['a quoted password with spaces', 'db_password: "correct horse battery"'],
    ['a password in a URL', 'postgres://app:hunter2hunter2@db.internal:5432/app'],
    ['an Authorization header', 'Authorization: Bearer abc.def.ghi-jkl'],
    ['a GitHub token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'],
    ['a configured value', 'connecting with Sup3r-S3cret-Value now'],
    ['a configured value, JSON-escaped', JSON.stringify({ msg: 'we"ird\\pass' })],
    ['a configured value, Slack-escaped', 'a &amp; b'.replace('a &amp; b', 'Sup3r-S3cret-Value')],
  ])('removes %s', (_what, text) => {
    const out = redactor.redact(text);
    expect(out).toContain(REDACTED);
    for (const secret of ['xoxb-', 'xapp-1', 'xoxp-', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI', 'b3BlbnNzaC1rZXkt', 'hunter2hunter2', 'correct horse', 'abc.def.ghi', 'ghp_0123', 'Sup3r-S3cret-Value', 'we\\"ird']) {
      expect(out).not.toContain(secret);
    }
  });

  it('keeps ordinary text, and the names around a redacted value', () => {
    expect(redactor.redact('deploy api to production: 3 hosts, tokens: 5000, secretary: bob')).toBe('deploy api to production: 3 hosts, tokens: 5000, secretary: bob');
    expect(redactor.redact('password=hunter2hunter2')).toBe('password=[redacted]');
    expect(redactor.redact('https://app:hunter2hunter2@db')).toBe('https://app:[redacted]@db');
  });

  it('redacts deep structures and errors', () => {
    const out = redactor.redactDeep({ a: ['Sup3r-S3cret-Value'], b: { c: 'xoxb-123456-abcdef' }, n: 3, e: new Error('bad Sup3r-S3cret-Value') });
    expect(JSON.stringify(out)).not.toMatch(/Sup3r|xoxb/);
    expect(out.n).toBe(3);
    expect(out.e).toBeInstanceOf(Error);
  });

  it('never lets a known secret through, wherever it sits in the text (property)', () => {
    // A secret made of "[redacted]"'s own letters could reappear inside the marker itself.
    const secretText = fc.string({ minLength: 4, maxLength: 40 }).filter((s) => !/[[\]]/.test(s) && !REDACTED.includes(s));
    fc.assert(
      fc.property(secretText, fc.string(), fc.string(), (secret, before, after) => {
        const r = new Redactor([secret]);
        expect(r.redact(`${before}${secret}${after}`)).not.toContain(secret);
        expect(r.redact(JSON.stringify({ v: `${before}${secret}${after}` }))).not.toContain(JSON.stringify(secret).slice(1, -1));
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const once = redactor.redact(text);
        expect(redactor.redact(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
