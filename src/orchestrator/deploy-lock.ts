import type { Store } from '../store/store';

/**
 * Coupling with the deployer (issue 4): it keeps one lock per deploy in the store namespace
 * "deploy.locks" under the key "<service>:<environment>". Any such key for the group's service
 * means a rollout is moving instances in and out of service, so scale-in waits for it.
 */
export const DEPLOY_LOCKS_NS = 'deploy.locks';

export async function findDeployLock(store: Store, service: string | undefined): Promise<string | undefined> {
  if (!service) return undefined;
  const locks = await store.list<unknown>(DEPLOY_LOCKS_NS, { prefix: `${service}:` });
  if (locks.length === 0) return undefined;
  return `a deploy of ${locks.map((lock) => lock.key).join(', ')} holds its lock`;
}
