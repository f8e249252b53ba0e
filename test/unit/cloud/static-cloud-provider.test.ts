import { createHostExec } from '../../../src/cloud/static/host-exec';
import { LOAD_COMMAND, parseLoadavg, StaticCloudProvider } from '../../../src/cloud/static/static-cloud-provider';

describe('StaticCloudProvider', () => {
  it('parses /proc/loadavg and nproc into percent of the cores', () => {
    expect(parseLoadavg('2.00 1.50 1.00 3/456 7890\n4\n')).toBe(50);
    expect(parseLoadavg('garbage')).toBeUndefined();
  });

  it('lists its fixed hosts by filter and reads load through the exec port; a silent host has no data', async () => {
    const commands: string[] = [];
    const provider = new StaticCloudProvider(
      [
        { name: 'web-1', address: '10.0.0.1', tags: { role: 'web' } },
        { name: 'web-2', address: '10.0.0.2', tags: { role: 'web' } },
        { name: 'db-1', address: '10.0.0.9', tags: { role: 'db' } },
      ],
      async (host, command) => {
        commands.push(`${host.address}: ${command}`);
        return host.address === '10.0.0.2' ? { code: 255, stdout: '' } : { code: 0, stdout: '3.0 1 1 1/1 1\n4\n' };
      },
      () => 5000,
    );
    const web = await provider.listInstances({ namePrefix: 'web-' });
    expect(web.map((i) => [i.id, i.privateIp, i.state])).toEqual([['web-1', '10.0.0.1', 'running'], ['web-2', '10.0.0.2', 'running']]);
    expect((await provider.listInstances({ tags: { role: 'db' } })).map((i) => i.id)).toEqual(['db-1']);
    const loads = await provider.getLoads(['web-1', 'web-2'], { from: 0, to: 5000, periodSec: 60 });
    expect(loads.get('web-1')).toEqual([{ at: 5000, value: 75 }]);
    expect(loads.get('web-2')).toEqual([]);
    expect(commands).toContain(`10.0.0.1: ${LOAD_COMMAND}`);
    await expect(provider.launch()).rejects.toThrow('the static provider has a fixed host list: it cannot launch or terminate');
  });

  it('reads this machine\'s real load with the local exec', async () => {
    const provider = new StaticCloudProvider([{ name: 'here', address: 'local', tags: {} }], createHostExec({ timeoutMs: 5000 }), () => 1);
    const [point] = (await provider.getLoads(['here'], { from: 0, to: 1, periodSec: 60 })).get('here')!;
    expect(point.value).toBeGreaterThanOrEqual(0);
  });
});
