import fc from 'fast-check';
import { makeReleaseId, RELEASE_PATTERN, validateRef, validateReleaseId } from '../../../src/deployer/refs';
import { UserError } from '../../../src/robot/errors';

describe('validateRef', () => {
  it.each(['main', 'v1.2.3', 'release/2025-03', '3f2c1ab', 'feature_x', 'a'.repeat(128)])('accepts %j', (ref) => {
    expect(validateRef(ref)).toBe(ref);
  });

  it.each([
    ['main;rm -rf /', /contains ";", a space/],
    ['$(reboot)', /contains "\$", "\(", "\)"/],
    ['`id`', /contains a backtick/],
    ['main\nid', /contains a newline/],
    ['mäin', /non-ASCII character "ä"/],
    ['main|id', /contains "\|"/],
    ['-oProxyCommand=x', /contains "="/],
    ['--upload-pack', /not a plain branch/],
    ['HEAD@{1}', /contains "@", "\{", "\}"/],
    ['a..b', /no "\.\."/],
    ['refs/heads/x.lock', /\.lock/],
    ['x/', /trailing/],
    ['', /empty/],
    ['a'.repeat(129), /too long/],
    ['main\u0000', /contains "\u0000"/],
  ])('refuses %j with a clear message', (ref, message) => {
    expect(() => validateRef(ref)).toThrow(UserError);
    expect(() => validateRef(ref)).toThrow(message);
  });

  it('only ever accepts plain ASCII names that cannot be options or revision syntax', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: 'binary' }), (ref) => {
        let accepted = false;
        try {
          validateRef(ref);
          accepted = true;
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
        if (accepted) {
          expect(ref).toMatch(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/);
          expect(ref).not.toMatch(/\.\.|@\{|\/\//);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('release ids', () => {
  it('are time-sortable, unique against taken ids and pass their own pattern', () => {
    const at = Date.UTC(2025, 2, 14, 9, 30, 12);
    const id = makeReleaseId(at, '3f2c1ab9d0', new Set());
    expect(id).toBe('20250314-093012-3f2c1ab');
    expect(makeReleaseId(at, '3f2c1ab9d0', new Set([id]))).toBe(`${id}-2`);
    expect(makeReleaseId(at, '3f2c1ab9d0', new Set([id, `${id}-2`]))).toBe(`${id}-3`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444800000 }), fc.stringMatching(/^[0-9a-f]{40}$/), (now, commit) => {
        expect(makeReleaseId(now, commit)).toMatch(RELEASE_PATTERN);
      }),
    );
    expect(() => validateReleaseId('../../etc')).toThrow(/not a release id/);
  });
});
