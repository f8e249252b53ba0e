import { join } from 'node:path';
import { createProviderRegistry } from '../../cloud/create-cloud-provider';
import { SimulatedCloudProvider } from '../../cloud/simulated/simulated-cloud-provider';
import { Orchestrator } from '../../orchestrator/orchestrator';
import type { AppModule } from '../context';

/**
 * Registers `robot.services.cloud` (the default provider, also the deployer's host lookup) and
 * `robot.services.orchestrator`, seeds the sandbox's simulated fleets and starts one loop per group.
 */
export const scaleModule: AppModule = async ({ config, store, clock, bus, logger, robot, dataDir }) => {
  const scaling = config.scaling;
  const providerOf = createProviderRegistry({ cloud: scaling.cloud, store, clock });
  robot.services.cloud = providerOf(scaling.cloud.provider);

  const orchestrator = new Orchestrator({
    groups: scaling.groups,
    providerFor: (group) => providerOf(scaling.groups[group].provider ?? scaling.cloud.provider),
    store,
    bus,
    clock,
    logger: logger.child({ component: 'orchestrator' }),
    traceDir: join(dataDir, 'traces'),
  });
  robot.services.orchestrator = orchestrator;

  for (const [name, group] of Object.entries(scaling.groups)) {
    const provider = orchestrator.provider(name);
    if (provider instanceof SimulatedCloudProvider) {
      const { instances, load } = scaling.cloud.simulation;
      await provider.seedGroup(name, { tags: group.tags ?? {}, namePrefix: group.namePrefix ?? `${name}-`, instances: Math.max(instances, group.min), load });
    }
  }
  await orchestrator.start((name, intervalMs, run) => robot.every(name, intervalMs, run));
};
