import type { Clock } from '../events/clock';
import type { CloudConfig, ProviderName } from '../config/sections/scaling';
import type { Store } from '../store/store';
import { AwsCloudProvider, createAwsClients } from './aws/aws-cloud-provider';
import type { CloudProvider } from './cloud-provider';
import { SimulatedCloudProvider } from './simulated/simulated-cloud-provider';
import { createHostExec, type HostExec } from './static/host-exec';
import { StaticCloudProvider } from './static/static-cloud-provider';

export interface ProviderDeps {
  cloud: CloudConfig;
  store: Store;
  clock: Clock;
  /** Static provider transport; defaults to local/ssh exec. */
  exec?: HostExec;
}

/** One provider per kind, built on first use (no AWS client exists unless a group needs it). */
export function createProviderRegistry(deps: ProviderDeps): (kind: ProviderName) => CloudProvider {
  const built = new Map<ProviderName, CloudProvider>();
  return (kind) => {
    let provider = built.get(kind);
    if (!provider) {
      provider = createProvider(kind, deps);
      built.set(kind, provider);
    }
    return provider;
  };
}

function createProvider(kind: ProviderName, deps: ProviderDeps): CloudProvider {
  switch (kind) {
    case 'aws':
      return new AwsCloudProvider(() => createAwsClients({ region: deps.cloud.region }));
    case 'static':
      return new StaticCloudProvider(deps.cloud.hosts, deps.exec ?? createHostExec({ ...deps.cloud.ssh, timeoutMs: deps.cloud.ssh.timeout }), () => deps.clock.now());
    case 'simulated':
      return new SimulatedCloudProvider({ store: deps.store, clock: deps.clock, bootMs: deps.cloud.simulation.bootTime });
  }
}
