import type { Logger } from 'pino';
import type { CloudProvider } from '../cloud/cloud-provider';
import type { GroupConfig } from '../config/sections/scaling';
import type { Clock } from '../events/clock';
import type { EventBus } from '../events/bus';
import { OpsError, describeError, isExpected } from '../robot/errors';
import type { Store } from '../store/store';
import { findDeployLock } from './deploy-lock';
import { executeDecision, registerLaunched } from './execute-decision';
import { GroupStateStore, type GroupState, type HistoryEntry, type ScaleMode } from './group-state';
import { observeGroup, type Observation } from './observe';
import { decide, type Decision } from './policy';
import { policySettings } from './policy-settings';
import { formatBacktest, loadCloudTrace, parseCsvTrace, readTraceFile, runBacktest } from './backtest';

export interface OrchestratorOptions {
  groups: Record<string, GroupConfig>;
  providerFor: (group: string) => CloudProvider;
  store: Store;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** CSV traces for `scale backtest` are read from here only. */
  traceDir?: string;
}

export interface Evaluation {
  group: string;
  config: GroupConfig;
  provider: CloudProvider;
  observation: Observation;
  decision: Decision;
  state: GroupState;
  mode: ScaleMode;
  deployLock?: string;
}

/** The scaling capability: evaluates groups, acts (or only announces), remembers, reports. */
export class Orchestrator {
  readonly states: GroupStateStore;

  constructor(private readonly options: OrchestratorOptions) {
    this.states = new GroupStateStore(options.store);
  }

  groupNames(): string[] {
    return Object.keys(this.options.groups);
  }

  config(group: string): GroupConfig {
    // Own keys only: a group named "__proto__" or "constructor" must not reach Object.prototype.
    const config = Object.hasOwn(this.options.groups, group) ? this.options.groups[group] : undefined;
    if (!config) {
      const known = this.groupNames();
      throw new OpsError('not_found', `no scaling group "${group}"; ${known.length ? `groups: ${known.join(', ')}` : 'none is configured (scaling.groups)'}`);
    }
    return config;
  }

  provider(group: string): CloudProvider {
    this.config(group);
    return this.options.providerFor(group);
  }

  async evaluate(group: string, options: { historyMs?: number } = {}): Promise<Evaluation> {
    const config = this.config(group);
    const provider = this.provider(group);
    const now = this.options.clock.now();
    const state = await this.states.get(group);
    const observation = await observeGroup(provider, config, now, options);
    const deployLock = await findDeployLock(this.options.store, config.service);
    const lastActionAt = Math.max(state.lastActionAt ?? -Infinity, state.lastFailureAt ?? -Infinity);
    const decision = decide({
      now,
      instances: observation.instances,
      settings: policySettings(config),
      lastActionAt: Number.isFinite(lastActionAt) ? lastActionAt : undefined,
      scaleInBlockedBy: deployLock,
    });
    return { group, config, provider, observation, decision, state, mode: state.mode ?? config.mode, deployLock };
  }

  /** One loop iteration: evaluate, then act or announce. Expected failures become scale.failed. */
  async tick(group: string): Promise<Evaluation | undefined> {
    const state = await this.states.get(group);
    if (state.paused) return undefined;
    let evaluation: Evaluation;
    try {
      evaluation = await this.evaluate(group);
    } catch (error) {
      await this.reportFailure(group, 'evaluate', error);
      return undefined;
    }
    if (state.lastError?.startsWith('evaluate:')) await this.states.update(group, (s) => ({ ...s, lastError: undefined }));
    await registerLaunched(evaluation, this.states).catch((error) => this.reportFailure(group, 'launch', error));
    await executeDecision(evaluation, {
      states: this.states,
      emit: (type, payload) => this.options.bus.emit(type, payload),
      now: this.options.clock.now(),
      onFailure: (action, error) => this.reportFailure(group, action, error),
    });
    return evaluation;
  }

  async setMode(group: string, mode: ScaleMode, user: string): Promise<void> {
    const config = this.config(group);
    if (mode === 'act') await this.checkCanAct(group);
    await this.states.update(group, (s) => ({ ...s, mode }));
    await this.states.record(group, { at: this.options.clock.now(), kind: 'mode', mode, reason: `mode set to ${mode} (config says ${config.mode})`, user });
  }

  async setPaused(group: string, paused: boolean, user: string): Promise<GroupState> {
    const config = this.config(group);
    const state = await this.states.update(group, (s) => ({ ...s, paused }));
    await this.states.record(group, { at: this.options.clock.now(), kind: paused ? 'pause' : 'resume', mode: state.mode ?? config.mode, reason: paused ? 'paused: no decisions until resumed' : 'resumed', user });
    return state;
  }

  history(group: string, limit = 20): Promise<HistoryEntry[]> {
    this.config(group);
    return this.states.history(group, limit);
  }

  /** Replays the policy beside target tracking at 50% over the group's history or a CSV trace. */
  async backtest(group: string, options: { days: number; csvFile?: string }): Promise<string> {
    const config = this.config(group);
    const provider = this.provider(group);
    const trace = options.csvFile
      ? parseCsvTrace(readTraceFile(this.options.traceDir, options.csvFile), options.csvFile)
      : await loadCloudTrace(provider, config, this.options.clock.now(), options.days);
    const current = (await provider.listInstances({ tags: config.tags, namePrefix: config.namePrefix })).length;
    return formatBacktest(group, trace, runBacktest(trace.values, config, current || Math.ceil((trace.values[0] ?? 0) / 70)));
  }

  /** Act mode needs a fleet that can change and the permissions to change it (EC2 DryRun). */
  async checkCanAct(group: string): Promise<void> {
    const config = this.config(group);
    const provider = this.provider(group);
    if (!provider.canResize) throw new OpsError('config', `group ${group} runs on the ${provider.kind} provider, which cannot launch or terminate`);
    const instances = await provider.listInstances({ tags: config.tags, namePrefix: config.namePrefix });
    const terminateId = instances.find((i) => !config.protected.includes(i.id))?.id;
    await provider.checkPermissions({ launchTemplate: config.launchTemplate, terminateId });
  }

  /** Schedules every group's loop; act-mode groups check their permissions first. */
  async start(every: (name: string, intervalMs: number, run: () => unknown) => void): Promise<void> {
    for (const group of this.groupNames()) {
      const state = await this.states.get(group);
      if ((state.mode ?? this.config(group).mode) === 'act') {
        await this.checkCanAct(group).catch((error) => this.reportFailure(group, 'evaluate', new OpsError('forbidden', `act mode permission check failed: ${describeError(error)}`)));
      }
      every(`scale:${group}`, this.config(group).interval, () => this.tick(group));
    }
  }

  private async reportFailure(group: string, action: 'launch' | 'terminate' | 'evaluate', error: unknown): Promise<void> {
    if (!isExpected(error)) throw error;
    const message = describeError(error);
    const key = `${action}: ${message}`;
    const config = this.config(group);
    const previous = await this.states.get(group);
    await this.states.update(group, (s) => ({ ...s, lastError: key, lastFailureAt: action === 'evaluate' ? s.lastFailureAt : this.options.clock.now() }));
    this.options.logger.warn({ group, action, err: error }, `scale ${action} failed`);
    if (action !== 'evaluate') await this.states.record(group, { at: this.options.clock.now(), kind: 'failure', mode: previous.mode ?? config.mode, reason: key });
    // The same failure every tick is one alert, not one a minute.
    if (previous.lastError !== key) this.options.bus.emit('scale.failed', { group, action, error: message, channel: config.channel });
  }
}

declare module '../robot/services' {
  interface Services {
    orchestrator: Orchestrator;
  }
}
