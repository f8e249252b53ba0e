import { createDeployer } from '../../deployer/create-deployer';
import type { Deployer } from '../../deployer/deployer';
import type { CloudInstances } from '../../deployer/resolve-target';
import { prepareSandboxDemo } from '../../sandbox/services';
import type { AppModule } from '../context';

declare module '../../robot/services' {
  interface Services {
    deployer: Deployer;
  }
}

export const deployModule: AppModule = async (ctx) => {
  const logger = ctx.logger.child({ capability: 'deployer' });
  if (ctx.sandbox && ctx.config.services.demo) prepareSandboxDemo({ dataDir: ctx.dataDir });
  const deployer = createDeployer({
    services: ctx.config.services,
    store: ctx.store,
    bus: ctx.bus,
    logger,
    clock: ctx.clock,
    dataDir: ctx.dataDir,
    baseDir: ctx.loaded.baseDir,
    // The cloud capability (if configured) registers itself; look it up when a service needs it.
    cloud: () => (ctx.robot.services as { cloud?: CloudInstances }).cloud,
  });
  ctx.robot.services.deployer = deployer;

  // A deploy lock left by an earlier run means a rollout was cut short: say so where admins look.
  const interrupted = (await deployer.locks.all()).filter((lock) => deployer.locks.isInterrupted(lock));
  for (const lock of interrupted) logger.warn({ service: lock.service, environment: lock.environment }, deployer.locks.describe(lock, ctx.clock.now()));
};
