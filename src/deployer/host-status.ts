import pLimit from 'p-limit';
import type { Transport } from '../transport/transport';
import { TransportError } from '../transport/transport';
import { parseStatus, statusCommand } from './remote-commands';

export interface HostStatus {
  host: string;
  /** The live release; undefined when nothing is deployed (or the host is unreachable). */
  current?: string;
  releases: string[];
  /** Why the host could not be asked. */
  error?: string;
}

/** Asks every host which release is live and which it has, in parallel (bounded). */
export async function readHostStatus(transport: Transport, hosts: string[], path: string, options: { timeoutMs: number; concurrency: number }): Promise<HostStatus[]> {
  const limit = pLimit(options.concurrency);
  return Promise.all(
    hosts.map((host) =>
      limit(async (): Promise<HostStatus> => {
        try {
          const session = await transport.connect(host, { timeoutMs: options.timeoutMs });
          try {
            const result = await session.exec(statusCommand(`${session.root}${path}`), { timeoutMs: options.timeoutMs });
            if (result.code !== 0) return { host, releases: [], error: result.timedOut ? 'timed out' : `status failed (exit ${result.code})` };
            return { host, ...parseStatus(result.stdout) };
          } finally {
            await session.close().catch(() => undefined);
          }
        } catch (error) {
          return { host, releases: [], error: error instanceof TransportError ? error.reason : (error as Error).message };
        }
      }),
    ),
  );
}

/** Hosts not on the release most hosts run (unreachable hosts count as drift: we cannot tell). */
export function findDrift(statuses: readonly HostStatus[]): { majority?: string; drifted: HostStatus[] } {
  const counts = new Map<string, number>();
  for (const status of statuses) if (status.current) counts.set(status.current, (counts.get(status.current) ?? 0) + 1);
  // Ties go to the newer release: ids sort by time.
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))[0]?.[0];
  return { majority, drifted: statuses.filter((status) => status.current !== majority) };
}

/**
 * The release a rollback goes to: the newest healthy release, other than the live one, that every
 * host still has. `healthy` is newest first.
 */
export function pickRollbackRelease(statuses: readonly HostStatus[], healthy: readonly string[], live: string | undefined): string | undefined {
  return healthy.find((release) => release !== live && (live === undefined || release < live) && statuses.every((status) => status.releases.includes(release)));
}
