import { formatDuration } from '../robot/format';
import { OpsError } from '../robot/errors';
import type { Store } from '../store/store';

export const LOCKS_NS = 'deploy.locks';

export interface DeployLock {
  kind: 'deploy' | 'manual';
  service: string;
  environment: string;
  owner: string;
  reason?: string;
  since: number;
  /** The bot process that holds a deploy lock; another id means the bot restarted mid-deploy. */
  bootId: string;
  releaseId?: string;
  ref?: string;
}

export const lockKey = (service: string, environment: string) => `${service}/${environment}`;

/** Per service+environment locks in the store: a running deploy holds one, people can take one. */
export class DeployLocks {
  constructor(
    private readonly store: Store,
    private readonly bootId: string,
  ) {}

  get(service: string, environment: string): Promise<DeployLock | undefined> {
    return this.store.get<DeployLock>(LOCKS_NS, lockKey(service, environment));
  }

  async all(): Promise<DeployLock[]> {
    return (await this.store.list<DeployLock>(LOCKS_NS)).map((entry) => entry.value);
  }

  /** A deploy lock left by an earlier run of the bot: the deploy it guarded never finished. */
  isInterrupted(lock: DeployLock): boolean {
    return lock.kind === 'deploy' && lock.bootId !== this.bootId;
  }

  /** Takes the lock or refuses, naming who holds it. */
  async acquire(lock: Omit<DeployLock, 'bootId'>, now: number): Promise<DeployLock> {
    const value: DeployLock = { ...lock, bootId: this.bootId };
    if (await this.store.putIfAbsent(LOCKS_NS, lockKey(lock.service, lock.environment), value)) return value;
    const holder = await this.get(lock.service, lock.environment);
    throw new OpsError('conflict', holder ? this.describe(holder, now) : `${lock.service} to ${lock.environment} is locked`);
  }

  /** Releases a lock only if it is still the one we took. */
  async release(lock: DeployLock): Promise<void> {
    await this.store.update<DeployLock>(LOCKS_NS, lockKey(lock.service, lock.environment), (current) =>
      current && current.since === lock.since && current.bootId === lock.bootId && current.owner === lock.owner ? undefined : current,
    );
  }

  async remove(service: string, environment: string): Promise<boolean> {
    return this.store.delete(LOCKS_NS, lockKey(service, environment));
  }

  describe(lock: DeployLock, now: number): string {
    const age = now - lock.since < 1000 ? 'just now' : `${formatDuration(now - lock.since)} ago`;
    const where = `${lock.service} to ${lock.environment}`;
    if (lock.kind === 'manual') return `${where} is locked by ${lock.owner} ${age}${lock.reason ? `: ${lock.reason}` : ''} (\`deploy unlock ${lock.service}${envSuffix(lock)}\` to release it)`;
    if (this.isInterrupted(lock)) {
      return `${where} has an interrupted deploy of ${lock.releaseId ?? lock.ref} by ${lock.owner} ${age} (the bot restarted during it); check \`deploy status ${lock.service}\`, then \`deploy unlock ${lock.service}${envSuffix(lock)}\``;
    }
    return `${where} is being deployed by ${lock.owner} (${lock.releaseId ?? lock.ref}, started ${age}); \`deploy cancel ${lock.service}${envSuffix(lock)}\` stops it after the current batch`;
  }
}

function envSuffix(lock: DeployLock): string {
  return lock.environment === 'production' ? '' : ` to ${lock.environment}`;
}
