// The facts capabilities announce. The alert router turns them into alerts in the right channel;
// capabilities never post to chat on their own. `channel` is the capability's configured channel
// for the thing (service, group, monitor), a hint routes may override.

export interface DeployStarted {
  service: string;
  environment: string;
  ref: string;
  commit: string;
  releaseId: string;
  hosts: string[];
  batches: number;
  user: string;
  channel?: string;
  /** A rollback goes through the same rollout; absent means deploy. */
  kind?: 'deploy' | 'rollback';
}

export type DeployOutcome = 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';

export interface DeployFinished {
  service: string;
  environment: string;
  ref: string;
  commit: string;
  releaseId: string;
  outcome: DeployOutcome;
  durationMs: number;
  /** Which release each host is on after the deploy (the honest summary). */
  hosts: Record<string, string | undefined>;
  failedHost?: string;
  failedStep?: string;
  error?: string;
  user: string;
  channel?: string;
  kind?: 'deploy' | 'rollback';
}

export interface ScaleDecided {
  group: string;
  mode: 'simulate' | 'act';
  action: 'launch' | 'terminate' | 'hold';
  count?: number;
  instanceIds?: string[];
  /** The reason in numbers: "median 93.0% > high 90% over 4 instances". */
  reason: string;
  median?: number;
  n: number;
  predicted?: number;
  /** True when the action was carried out (act mode and it succeeded). */
  executed: boolean;
  channel?: string;
}

export interface ScaleFailed {
  group: string;
  action: 'launch' | 'terminate' | 'evaluate';
  error: string;
  channel?: string;
}

export interface MonitorEvent {
  monitor: string;
  /** What is checked: a URL or host:port. */
  target: string;
  severity: 'critical' | 'warning' | 'info';
  labels: Record<string, string>;
  channel?: string;
  /** When the current outage began (first failed check). */
  downSince: number;
}

export interface MonitorDown extends MonitorEvent {
  /** The failing expectation: "503 after 3 tries", "certificate expires in 2 days". */
  reason: string;
}

export interface MonitorUp extends MonitorEvent {
  upSince: number;
  durationMs: number;
}

export interface MonitorReminder extends MonitorEvent {
  reason: string;
  durationMs: number;
}

declare module './bus' {
  interface OpsEvents {
    'deploy.started': DeployStarted;
    'deploy.finished': DeployFinished;
    'scale.decided': ScaleDecided;
    'scale.failed': ScaleFailed;
    'monitor.down': MonitorDown;
    'monitor.up': MonitorUp;
    'monitor.reminder': MonitorReminder;
  }
}
