import type { DeployOutcome } from '../events/ops-events';
import type { Store } from '../store/store';
import type { ReleaseIdentity } from './types';

/** One deploy or rollback, appended when it starts and completed in place when it ends. */
export interface DeployRecord extends ReleaseIdentity {
  id: string;
  user: string;
  startedAt: number;
  finishedAt?: number;
  outcome: DeployOutcome | 'running';
  durationMs?: number;
  hosts: Record<string, string | undefined>;
  failedHost?: string;
  failedStep?: string;
  error?: string;
  bootId: string;
}

export const historyStream = (service: string) => `deploy.history.${service}`;

export class DeployHistory {
  constructor(private readonly store: Store) {}

  async start(record: DeployRecord): Promise<number> {
    return this.store.append(historyStream(record.service), record);
  }

  async finish(seq: number, record: DeployRecord): Promise<void> {
    await this.store.replace(historyStream(record.service), seq, record);
  }

  async recent(service: string, limit = 10, environment?: string): Promise<DeployRecord[]> {
    const entries = await this.store.read<DeployRecord>(historyStream(service), { newestFirst: true, limit: environment ? 500 : limit });
    return entries.map((entry) => entry.value).filter((record) => !environment || record.environment === environment).slice(0, limit);
  }

  /** Releases that rolled out fully and passed their health checks, newest first. */
  async healthyReleases(service: string, environment: string): Promise<string[]> {
    const records = await this.recent(service, 500, environment);
    return [...new Set(records.filter((record) => record.outcome === 'succeeded').map((record) => record.releaseId))];
  }

  /** Every release id this service has used (so a new one never collides). */
  async releaseIds(service: string): Promise<Set<string>> {
    const records = await this.recent(service, 500);
    return new Set(records.map((record) => record.releaseId));
  }
}
