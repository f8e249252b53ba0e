import type { HealthCheck } from '../config/sections/services';
import { tailLines } from '../transport/output-tail';
import type { HostSession, Transport } from '../transport/transport';
import { TransportError } from '../transport/transport';
import {
  CHECKSUM_MISMATCH,
  inCurrentCommand,
  installCommand,
  parseStatus,
  prepareCommand,
  releasesToPrune,
  removeReleasesCommand,
  stageCommand,
  switchCommand,
  uploadPath,
  type TemplateEnv,
} from './remote-commands';
import type { HostPhase, HostProgress } from './types';

export interface RolloutSettings {
  path: string;
  install?: string;
  restart?: string;
  health?: HealthCheck;
  maxFailures: number;
  keepReleases: number;
  concurrency: number;
  stepTimeoutMs: number;
  connectTimeoutMs: number;
}

/** Polls a health URL once; resolves undefined when healthy, else the reason. */
export type HealthProbe = (url: string, timeoutMs: number) => Promise<string | undefined>;

export interface HostStepContext {
  service: string;
  environment: string;
  ref: string;
  commit: string;
  releaseId: string;
  settings: RolloutSettings;
  transport: Transport;
  probe: HealthProbe;
  sleep: (ms: number) => Promise<void>;
  /** The address a health URL's {host} stands for. */
  healthHost: (host: string) => string;
  changed: () => void;
}

/** A step that failed on a host: the step's name, a one-line reason and the output's tail. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    readonly output = '',
    readonly connectionLost = false,
    readonly exitCode?: number,
  ) {
    super(`${step}: ${reason}`);
  }
}

/** The work on one host: every step reuses one connection; progress is written into `progress`. */
export class HostSteps {
  private session?: HostSession;
  private sessionBroken = false;
  /** Releases on the host when the deploy began (from prepare). */
  private releases: string[] = [];

  constructor(
    readonly progress: HostProgress,
    private readonly context: HostStepContext,
  ) {}

  private get path(): string {
    return `${this.session?.root ?? ''}${this.context.settings.path}`;
  }

  private templateEnv(releaseId: string): TemplateEnv {
    const c = this.context;
    return { service: c.service, environment: c.environment, releaseId, commit: c.commit, ref: c.ref, host: this.progress.host, path: this.path };
  }

  private phase(phase: HostPhase): void {
    this.progress.phase = phase;
    this.context.changed();
  }

  async connect(): Promise<void> {
    if (this.session && !this.sessionBroken) return;
    await this.session?.close().catch(() => undefined);
    this.session = undefined;
    this.phase('connecting');
    try {
      this.session = await this.context.transport.connect(this.progress.host, { timeoutMs: this.context.settings.connectTimeoutMs });
      this.sessionBroken = false;
    } catch (error) {
      const reason = error instanceof TransportError ? error.reason : (error as Error).message;
      throw new StepFailure('connect', reason, '', true);
    }
  }

  async run(step: string, phase: HostPhase, command: string, timeoutMs = this.context.settings.stepTimeoutMs): Promise<string> {
    this.phase(phase);
    const result = await this.session!.exec(command, {
      timeoutMs,
      onOutput: (chunk) => {
        const line = chunk.split('\n').map((l) => l.trim()).filter(Boolean).pop();
        if (line) {
          this.progress.lastLine = line.slice(0, 200);
          this.context.changed();
        }
      },
    });
    if (result.code !== 0) {
      const lost = !result.timedOut && result.code === -1;
      if (lost || result.timedOut) this.sessionBroken = true;
      const reason = result.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)}s` : lost ? 'connection lost' : `exit code ${result.code}`;
      throw new StepFailure(step, reason, tailLines(result.output, 30), lost, result.code);
    }
    return result.stdout;
  }

  /** Connects and learns the live release and the releases the host keeps. */
  async prepare(): Promise<void> {
    await this.connect();
    const status = parseStatus(await this.run('prepare', 'preparing', prepareCommand(this.path)));
    this.progress.previous = status.current;
    this.progress.current = status.current;
    this.releases = status.releases;
  }

  /** Upload, verify, unpack, install: the new release sits beside the live one. */
  async stage(artifact: { file: string; checksum: string }): Promise<void> {
    const layout = { path: this.path, releaseId: this.context.releaseId };
    this.phase('uploading');
    try {
      await this.session!.upload(artifact.file, uploadPath(layout), { timeoutMs: this.context.settings.stepTimeoutMs });
    } catch (error) {
      this.sessionBroken = true;
      throw new StepFailure('upload', error instanceof TransportError ? error.reason : (error as Error).message);
    }
    await this.run('unpack', 'unpacking', stageCommand(layout, artifact.checksum)).catch((error: StepFailure) => {
      throw error.exitCode === CHECKSUM_MISMATCH ? new StepFailure('verify', 'checksum mismatch', error.output) : error;
    });
    if (this.context.settings.install) await this.run('install', 'installing', installCommand(layout, this.context.settings.install, this.templateEnv(layout.releaseId)));
  }

  requireRelease(releaseId: string): void {
    if (!this.releases.includes(releaseId)) throw new StepFailure('check release', `release ${releaseId} is not on this host`);
  }

  /** Switch, restart, health: the host serves `releaseId` from here on. */
  async activate(releaseId: string, options: { markSwitched: boolean }): Promise<void> {
    await this.run('switch', 'switching', switchCommand({ path: this.path, releaseId }));
    this.progress.current = releaseId;
    if (options.markSwitched) this.progress.switched = true;
    const env = this.templateEnv(releaseId);
    if (this.context.settings.restart) await this.run('restart', 'restarting', inCurrentCommand(this.path, this.context.settings.restart, env));
    if (this.context.settings.health) await this.checkHealth(this.context.settings.health, env);
  }

  private async checkHealth(health: HealthCheck, env: TemplateEnv): Promise<void> {
    this.phase('checking');
    let reason = '';
    for (let attempt = 1; attempt <= health.retries; attempt += 1) {
      if (health.url) {
        const url = health.url.replace(/\{host\}/g, this.context.healthHost(this.progress.host));
        const problem = await this.context.probe(url, health.timeout);
        if (problem === undefined) return;
        reason = `${url}: ${problem}`;
      } else {
        try {
          await this.run('health', 'checking', inCurrentCommand(this.path, health.command!, env), health.timeout);
          return;
        } catch (error) {
          if (!(error instanceof StepFailure) || error.connectionLost) throw error;
          reason = `health command: ${error.reason}${error.output.trim() ? ` (${tailLines(error.output, 1).slice(0, 200)})` : ''}`;
        }
      }
      this.progress.lastLine = `health ${attempt}/${health.retries}: ${reason}`.slice(0, 200);
      this.context.changed();
      if (attempt < health.retries) await this.context.sleep(health.interval);
    }
    throw new StepFailure('health', `not healthy after ${health.retries} tries: ${reason}`);
  }

  /** Back to the release the host had before this deploy (reconnecting if the link dropped). */
  async revert(): Promise<void> {
    const target = this.progress.previous;
    if (!this.progress.switched) return;
    if (!target) {
      this.progress.note = `no previous release to go back to; left on ${this.progress.current}`;
      return;
    }
    this.phase('rolling back');
    try {
      await this.connect();
      await this.activate(target, { markSwitched: false });
      this.progress.switched = false;
      this.progress.rolledBack = true;
      this.phase('rolled back');
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure('rollback', (error as Error).message);
      // A failing health check after switching back still leaves the host on the old release.
      this.progress.note = `rollback to ${target} failed at ${failure.step}: ${failure.reason}`;
      if (failure.step !== 'switch' && failure.step !== 'connect') this.progress.switched = false;
      this.phase('failed');
    }
  }

  /** Removes old releases; never the live or the previous one. Failures only leave a note. */
  async prune(keep: number): Promise<void> {
    try {
      const doomed = releasesToPrune([...this.releases, this.context.releaseId], keep, this.progress.current, this.progress.previous);
      if (doomed.length > 0) await this.run('prune', this.progress.phase, removeReleasesCommand(this.path, doomed));
    } catch (error) {
      this.progress.note = `could not remove old releases: ${(error as Error).message}`;
    }
  }

  async close(): Promise<void> {
    await this.session?.close().catch(() => undefined);
  }
}
