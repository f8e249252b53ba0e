import type { ConfigInput } from '../config/schema';
import type { SandboxOptions } from './sandbox-config';

/**
 * One simulated group, "web": three servers at 70% CPU, kept in the store. Drive it with
 * `scale simulate web load 95` (or `total 400`, `stuck <id>`, `nodata <id>`) and watch
 * `scale status web`; `scale mode web act` lets the loop launch and terminate for real.
 */
export function sandboxScaling(_options: SandboxOptions): ConfigInput['scaling'] {
  return {
    cloud: { provider: 'simulated', simulation: { bootTime: '30s', instances: 3, load: 70 } },
    groups: {
      web: {
        namePrefix: 'web-',
        tags: { role: 'web' },
        min: 2,
        max: 8,
        high: 90,
        low: 80,
        cooldown: '2m',
        warmup: '2m',
        interval: '60s',
        mode: 'simulate',
        channel: '#ops',
        service: 'web',
      },
    },
  };
}
