import { parseDeployArgs, parseRollbackArgs, parseServiceEnvArgs } from '../../../src/deployer/parse-command';

describe('chat arguments', () => {
  it('parses deploy arguments', () => {
    expect(parseDeployArgs('api')).toEqual({ service: 'api', ref: undefined, environment: undefined, dryRun: false });
    expect(parseDeployArgs('api@v1.2 to staging --dry-run')).toEqual({ service: 'api', ref: 'v1.2', environment: 'staging', dryRun: true });
  });

  it.each([
    ['api@main;rm -rf /', /ref "main;rm" contains ";"/],
    ['api@main\nrm -rf /', /one line please/],
    ['api to', /I don't understand "to"/],
    ['api at staging', /I don't understand "at staging"/],
    ['ap$i', /"ap\$i" is not a service name/],
    ['api@', /the ref after "@" is empty/],
    ['', /which service\?/],
  ])('refuses %j', (text, message) => {
    expect(() => parseDeployArgs(text)).toThrow(message);
  });

  it('parses rollback arguments', () => {
    expect(parseRollbackArgs('api')).toEqual({ service: 'api' });
    expect(parseRollbackArgs('api to 20250314-093012-3f2c1ab in staging')).toEqual({ service: 'api', release: '20250314-093012-3f2c1ab', environment: 'staging' });
    expect(parseRollbackArgs('api to staging')).toEqual({ service: 'api', environment: 'staging' });
    expect(() => parseRollbackArgs('api to 20250314-0930')).toThrow(/not a release id/);
  });

  it('parses lock arguments with a reason', () => {
    expect(parseServiceEnvArgs('api to staging db migration', 'u', true)).toEqual({ service: 'api', environment: 'staging', reason: 'db migration' });
    expect(parseServiceEnvArgs('api', 'u', true)).toEqual({ service: 'api', environment: undefined, reason: undefined });
    expect(() => parseServiceEnvArgs('api extra', '`deploy unlock <service>`', false)).toThrow(/I don't understand "extra"/);
  });
});
