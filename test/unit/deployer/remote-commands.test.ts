import fc from 'fast-check';
import { parseStatus, releasesToPrune, removeReleasesCommand, switchCommand, verifyCommand } from '../../../src/deployer/remote-commands';

const releaseId = fc
  .tuple(fc.integer({ min: 20200101, max: 20301231 }), fc.integer({ min: 0, max: 235959 }), fc.stringMatching(/^[0-9a-f]{7}$/))
  .map(([d, t, c]) => `${d}-${String(t).padStart(6, '0')}-${c}`);

describe('releasesToPrune', () => {
  it('keeps the newest `keep`, the live and the previous release, and removes only release ids', () => {
    fc.assert(
      fc.property(fc.uniqueArray(releaseId, { maxLength: 20 }), fc.integer({ min: 2, max: 8 }), fc.nat(), fc.nat(), (releases, keep, a, b) => {
        const live = releases[a % Math.max(1, releases.length)];
        const previous = releases[b % Math.max(1, releases.length)];
        const doomed = releasesToPrune([...releases, 'junk', '20250101-000000-abcdef1.partial'], keep, live, previous);
        expect(doomed).not.toContain(live);
        expect(doomed).not.toContain(previous);
        const newest = [...releases].sort().slice(-keep);
        for (const id of newest) expect(doomed).not.toContain(id);
        expect(releases.length - doomed.length).toBeGreaterThanOrEqual(Math.min(keep, releases.length));
        for (const id of doomed) expect(releases).toContain(id);
      }),
    );
  });

  it('refuses to build an rm for anything but release ids', () => {
    expect(removeReleasesCommand('/srv/app', ['20250101-000000-abcdef1'])).toBe("rm -rf -- '/srv/app/releases/20250101-000000-abcdef1'");
    expect(() => removeReleasesCommand('/srv/app', ['../..'])).toThrow(/not a release id/);
  });
});

describe('remote commands', () => {
  it('switches with a temporary link renamed over current', () => {
    expect(switchCommand({ path: '/srv/app', releaseId: '20250101-000000-abcdef1' })).toBe(
      "test -d '/srv/app/releases/20250101-000000-abcdef1' && ln -sfn 'releases/20250101-000000-abcdef1' '/srv/app/.current-20250101-000000-abcdef1.tmp' && mv -T '/srv/app/.current-20250101-000000-abcdef1.tmp' '/srv/app/current'",
    );
  });

  it('verifies only a real sha256', () => {
    expect(() => verifyCommand({ path: '/a', releaseId: 'x' }, '$(id)')).toThrow(/bad checksum/);
  });

  it('parses the status output', () => {
    expect(parseStatus('current=releases/20250101-000000-abcdef1\n20250101-000000-abcdef1\nfoo\n20241231-000000-1234567\n')).toEqual({
      current: '20250101-000000-abcdef1',
      releases: ['20241231-000000-1234567', '20250101-000000-abcdef1'],
    });
    expect(parseStatus('current=\n')).toEqual({ current: undefined, releases: [] });
  });
});
