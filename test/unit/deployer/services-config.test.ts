import { problemsFromZod } from '../../../src/config/config-error';
import { ServicesSection } from '../../../src/config/sections/services';

const problems = (services: unknown) => {
  const parsed = ServicesSection.safeParse(services);
  return parsed.success ? [] : problemsFromZod(parsed.error);
};
const base = { hosts: ['deploy@10.0.0.5'], source: { git: 'git@github.com:acme/api.git' }, path: '/srv/api' };

describe('services config', () => {
  it('fills defaults', () => {
    expect(ServicesSection.parse({ api: base }).api).toMatchObject({
      transport: 'ssh',
      source: { ref: 'main' },
      batch: '25%',
      maxFailures: 0,
      keepReleases: 5,
      concurrency: 10,
      stepTimeout: 300_000,
      defaultEnvironment: 'production',
      environments: {},
    });
  });

  it.each([
    [{ batch: 'abc' }, 'api.batch', 'expected a number or a percentage like "25%"'],
    [{ batch: [1, '25%', 'all'] }, 'api.batch.2', 'expected a number or a percentage like "25%"'],
    [{ batch: 0 }, 'api.batch', 'expected a number or a percentage like "25%"'],
    [{ hosts: ['deploy@10.0.0.5:99999'] }, 'api.hosts.0', 'bad port "99999" in host "deploy@10.0.0.5:99999"'],
    [{ hosts: ['a', 'a'] }, 'api.hosts', 'host "a" is listed twice'],
    [{ path: 'srv/api' }, 'api.path', 'expected an absolute path like "/srv/api" (letters, digits, ".", "_", "-", "/")'],
    [{ path: '/srv/../etc' }, 'api.path', 'expected an absolute path like "/srv/api" (letters, digits, ".", "_", "-", "/")'],
    [{ source: { git: 'x', ref: 'main;id' } }, 'api.source.ref', 'expected a branch, tag or commit like "main", "v1.2.3" or "3f2c1ab"'],
    [{ source: { svn: 'x' } }, 'api.source', 'expected { git: <url or path>, ref: main } or { build: "<command>", artifact: <path to .tar.gz> }'],
    [{ health: { url: 'ftp://x' } }, 'api.health.url', 'expected an http(s) URL like "http://{host}:3000/health"'],
    [{ health: { url: 'http://{host}/h', command: 'true' } }, 'api.health', 'expected exactly one of url or command'],
    [{ keepReleases: 1 }, 'api.keepReleases', 'expected at least 2 (the live release and the previous one)'],
    [{ transport: 'local' }, 'api.hostsDir', 'required with transport: local (the folder holding one directory per host)'],
    [{ hosts: undefined }, 'api.hosts', 'expected hosts (or environments with hosts)'],
    [{ ssh: { fingerprints: ['md5:aa'] } }, 'api.ssh.fingerprints.0', 'expected a fingerprint like "SHA256:..." as `ssh-keygen -lf` prints it'],
    [{ colour: 'red' }, 'api.colour', 'unknown key'],
  ])('explains %j', (override, path, message) => {
    expect(problems({ api: { ...base, ...override } })).toContainEqual({ path, message });
  });

  it('accepts cloud hosts and environment overrides', () => {
    const parsed = ServicesSection.parse({ api: { ...base, environments: { staging: { hosts: { aws: { tags: { Service: 'api' } } }, batch: [1, '100%'] } } } });
    expect(parsed.api.environments.staging.hosts).toEqual({ aws: { tags: { Service: 'api' }, address: 'private' } });
  });
});
