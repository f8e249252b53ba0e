import type { Store } from '../store/store';

export type ScaleMode = 'simulate' | 'act';

/** What the orchestrator remembers per group between ticks and restarts. */
export interface GroupState {
  /** Set by `scale mode`; the config's mode applies until then. */
  mode?: ScaleMode;
  paused: boolean;
  /** Last launch/terminate, carried out or (in simulate mode) only announced. */
  lastActionAt?: number;
  /** Last failed attempt: the cooldown runs from it too, so a failure is never retried every tick. */
  lastFailureAt?: number;
  /** The failure last reported; the same one is not reported again every tick. */
  lastError?: string;
  /** Completed launches, for idempotency tokens. */
  launchSeq: number;
  /** A launch whose outcome is not known yet: retried with the same token and names. */
  pendingLaunch?: { token: string; names: string[]; at: number };
  /** Launched instances still to be registered in the target group once running. */
  unregistered: string[];
  lastDecision?: { at: number; action: string; reason: string; executed: boolean };
}

export interface HistoryEntry {
  at: number;
  kind: 'launch' | 'terminate' | 'failure' | 'mode' | 'pause' | 'resume';
  mode: ScaleMode;
  reason: string;
  executed?: boolean;
  instanceIds?: string[];
  user?: string;
}

const NS = 'scale.groups';
export const historyStream = (group: string) => `scale.history.${group}`;

export class GroupStateStore {
  constructor(private readonly store: Store) {}

  async get(group: string): Promise<GroupState> {
    return { paused: false, launchSeq: 0, unregistered: [], ...(await this.store.get<GroupState>(NS, group)) };
  }

  async update(group: string, change: (state: GroupState) => GroupState): Promise<GroupState> {
    const next = await this.store.update<GroupState>(NS, group, (current) => change({ paused: false, launchSeq: 0, unregistered: [], ...current }));
    return next as GroupState;
  }

  async record(group: string, entry: HistoryEntry): Promise<void> {
    await this.store.append(historyStream(group), entry);
  }

  async history(group: string, limit: number): Promise<HistoryEntry[]> {
    const entries = await this.store.read<HistoryEntry>(historyStream(group), { newestFirst: true, limit });
    return entries.map((entry) => entry.value).reverse();
  }
}
