import type { DeployOutcome } from '../events/ops-events';

/** What names one deploy or rollback everywhere: plan, rollout, history. */
export interface ReleaseIdentity {
  kind: 'deploy' | 'rollback';
  service: string;
  environment: string;
  ref: string;
  commit: string;
  releaseId: string;
}

/** Where each host is in a rollout; the living message renders these. */
export type HostPhase =
  | 'waiting'
  | 'connecting'
  | 'preparing'
  | 'uploading'
  | 'verifying'
  | 'unpacking'
  | 'installing'
  | 'switching'
  | 'restarting'
  | 'checking'
  | 'done'
  | 'failed'
  | 'rolling back'
  | 'rolled back'
  | 'not started';

export interface HostProgress {
  host: string;
  phase: HostPhase;
  /** The release the host was on before this deploy. */
  previous?: string;
  /** The release the host is on now, as far as we know. */
  current?: string;
  /** True once `current` was switched to the new release in this deploy. */
  switched: boolean;
  /** True once the host was put back on `previous` after switching in this deploy. */
  rolledBack?: boolean;
  /** The step that failed and why. */
  failedStep?: string;
  error?: string;
  /** The tail of the failing (or latest) command's output. */
  output?: string;
  /** Latest line of output, for the progress message. */
  lastLine?: string;
  /** A note for the summary ("no previous release to go back to"). */
  note?: string;
}

export interface RolloutSnapshot {
  service: string;
  environment: string;
  releaseId: string;
  kind: 'deploy' | 'rollback';
  batches: string[][];
  /** Index of the batch being worked on (batches.length when finished). */
  batch: number;
  hosts: HostProgress[];
  startedAt: number;
  finished: boolean;
  cancelRequested: boolean;
}

export interface RolloutResult {
  outcome: DeployOutcome;
  hosts: HostProgress[];
  durationMs: number;
  failedHost?: string;
  failedStep?: string;
  error?: string;
}

/** Everything needed to describe a deploy before it runs (dry run, confirmation, first reply). */
export interface DeployPlan extends ReleaseIdentity {
  hosts: string[];
  batches: string[][];
  /** The remote commands for one host, in order (dry run). */
  steps: Array<{ step: string; command: string }>;
  /** For rollbacks: the release every host goes back to. */
  from?: string;
}

export interface DeployRequest {
  service: string;
  ref?: string;
  environment?: string;
  user: string;
  channel?: string;
}

export interface RollbackRequest {
  service: string;
  environment?: string;
  /** A specific release; default: the previous healthy release every host still has. */
  release?: string;
  user: string;
  channel?: string;
}

export interface DeployObserver {
  /** The plan is known (answer at once with it). */
  planned?(plan: DeployPlan): unknown;
  /** Something changed; called often, the receiver throttles. */
  progress?(snapshot: RolloutSnapshot): void;
}

export interface DeployReport {
  plan: DeployPlan;
  result: RolloutResult;
}
