import { ServicesSection } from '../../../src/config/sections/services';
import { resolveHosts, resolveTarget, type CloudInstances } from '../../../src/deployer/resolve-target';

const services = ServicesSection.parse({
  api: {
    hosts: ['10.0.0.5'],
    source: { git: 'x' },
    path: '/srv/api',
    batch: '50%',
    environments: { staging: { hosts: { aws: { tags: { Service: 'api' }, user: 'deploy' } }, batch: 1, maxFailures: 1 } },
  },
});

describe('resolveTarget / resolveHosts', () => {
  it('applies environment overrides', () => {
    expect(resolveTarget(services, 'api')).toMatchObject({ environment: 'production', batch: '50%', maxFailures: 0, hosts: ['10.0.0.5'] });
    expect(resolveTarget(services, 'api', 'staging')).toMatchObject({ environment: 'staging', batch: 1, maxFailures: 1 });
  });

  it('asks the cloud provider for running instances, oldest first', async () => {
    const calls: unknown[] = [];
    const cloud: CloudInstances = {
      async listInstances(filter) {
        calls.push(filter);
        return [
          { id: 'i-2', state: 'running', privateIp: '10.0.1.2', launchTime: 2, tags: {} },
          { id: 'i-1', state: 'running', privateIp: '10.0.1.1', launchTime: 1, tags: {} },
          { id: 'i-3', state: 'stopped', privateIp: '10.0.1.3', launchTime: 0, tags: {} },
        ];
      },
    };
    const target = resolveTarget(services, 'api', 'staging');
    expect(await resolveHosts(target, cloud)).toEqual(['deploy@10.0.1.1', 'deploy@10.0.1.2']);
    expect(calls).toEqual([{ tags: { Service: 'api' }, namePrefix: undefined, states: ['running'] }]);
    await expect(resolveHosts(target, undefined)).rejects.toThrow(/cloud provider, which is not configured/);
    await expect(resolveHosts(target, { listInstances: async () => [] })).rejects.toThrow(/no running instances match api's hosts/);
    await expect(resolveHosts(target, { listInstances: async () => Promise.reject(new Error('throttled')) })).rejects.toThrow(/could not list api instances: throttled/);
  });
});
