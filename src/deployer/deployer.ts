import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/sections/services';
import type { EventBus } from '../events/bus';
import type { Clock } from '../events/clock';
import { OpsError, UserError } from '../robot/errors';
import type { Store } from '../store/store';
import type { Transport } from '../transport/transport';
import { buildArtifact, resolveConfigPath, resolveSource, type Artifact } from './build-artifact';
import { describeSteps } from './describe-steps';
import { DeployHistory, type DeployRecord } from './history';
import type { HealthProbe, RolloutSettings } from './host-steps';
import { findDrift, pickRollbackRelease, readHostStatus, type HostStatus } from './host-status';
import { DeployLocks, type DeployLock } from './locks';
import { planBatches } from './plan-batches';
import { makeReleaseId, validateRef, validateReleaseId } from './refs';
import { defaultEnvironmentOf, environmentsOf, resolveHosts, resolveTarget, serviceConfig, type CloudInstances, type DeployTarget } from './resolve-target';
import { runRollout } from './run-rollout';
import type { DeployObserver, DeployPlan, DeployReport, DeployRequest, ReleaseIdentity, RollbackRequest, RolloutResult } from './types';

export interface DeployerDeps {
  services: Record<string, ServiceConfig>;
  store: Store;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  dataDir: string;
  baseDir: string;
  transportFactory: (target: DeployTarget) => Transport;
  cloud?: () => CloudInstances | undefined;
  probe: HealthProbe;
  sleep: (ms: number) => Promise<void>;
  bootId: string;
  healthHost: (target: DeployTarget, host: string) => string;
  removeArtifact: (file: string) => Promise<void>;
}

export interface ServiceStatus {
  service: string;
  environment: string;
  hosts: HostStatus[];
  majority?: string;
  drifted: HostStatus[];
  lock?: DeployLock & { interrupted: boolean; description: string };
  last?: DeployRecord & { interrupted: boolean };
  error?: string;
}

/** The deploy capability: plans, rollouts, rollbacks, status, history and locks. */
export class Deployer {
  readonly locks: DeployLocks;
  readonly records: DeployHistory;
  private readonly running = new Map<string, { cancelled: boolean; by?: string }>();

  constructor(private readonly deps: DeployerDeps) {
    this.locks = new DeployLocks(deps.store, deps.bootId);
    this.records = new DeployHistory(deps.store);
  }

  serviceNames(): string[] {
    return Object.keys(this.deps.services);
  }

  target(service: string, environment?: string): DeployTarget {
    return resolveTarget(this.deps.services, service, environment);
  }

  /** The environment a command means (for confirmation and auth); never throws. */
  environmentFor(service: string, environment?: string): string {
    if (environment) return environment;
    const config = serviceConfig(this.deps.services, service);
    return config ? defaultEnvironmentOf(config) : 'production';
  }

  environments(service: string): string[] {
    const config = serviceConfig(this.deps.services, service);
    if (!config) return environmentsOf(this.target(service).config);
    return environmentsOf(config);
  }

  private sourceOptions(target: DeployTarget) {
    return { service: target.service, source: target.config.source, dataDir: this.deps.dataDir, baseDir: this.deps.baseDir };
  }

  private hostsDir(target: DeployTarget): string | undefined {
    return target.config.hostsDir && resolve(resolveConfigPath(target.config.hostsDir, this.deps.baseDir));
  }

  /** What a deploy would do: hosts, batches and the exact remote steps. Nothing changes. */
  async plan(request: DeployRequest): Promise<DeployPlan> {
    const target = this.target(request.service, request.environment);
    const ref = request.ref === undefined ? undefined : validateRef(request.ref);
    const hosts = await resolveHosts(target, this.deps.cloud?.());
    const source = await resolveSource(this.sourceOptions(target), ref);
    const releaseId = makeReleaseId(this.deps.clock.now(), source.commit, await this.records.releaseIds(target.service));
    return this.makePlan('deploy', target, hosts, { ...source, releaseId });
  }

  private makePlan(kind: 'deploy' | 'rollback', target: DeployTarget, hosts: string[], facts: { ref: string; commit: string; releaseId: string; from?: string; checksum?: string }): DeployPlan {
    return {
      kind,
      service: target.service,
      environment: target.environment,
      ref: facts.ref,
      commit: facts.commit,
      releaseId: facts.releaseId,
      hosts,
      batches: planBatches(hosts, target.batch),
      steps: describeSteps(target, hosts[0], { kind, ...facts }, this.hostsDir(target)),
      from: facts.from,
    };
  }

  async deploy(request: DeployRequest, observer: DeployObserver = {}): Promise<DeployReport> {
    const target = this.target(request.service, request.environment);
    const ref = request.ref === undefined ? undefined : validateRef(request.ref);
    const hosts = await resolveHosts(target, this.deps.cloud?.());
    const lock = await this.locks.acquire({ kind: 'deploy', service: target.service, environment: target.environment, owner: request.user, since: this.deps.clock.now(), ref: ref ?? 'default' }, this.deps.clock.now());
    let artifact: Artifact | undefined;
    try {
      const source = await resolveSource(this.sourceOptions(target), ref);
      const releaseId = makeReleaseId(this.deps.clock.now(), source.commit, await this.records.releaseIds(target.service));
      await this.deps.store.update<DeployLock>('deploy.locks', `${target.service}/${target.environment}`, (current) => (current ? { ...current, releaseId } : current));
      const plan = this.makePlan('deploy', target, hosts, { ...source, releaseId });
      return await this.execute(plan, target, request, observer, async () => {
        artifact = await buildArtifact(this.sourceOptions(target), source, releaseId);
        return artifact;
      });
    } finally {
      if (artifact) await this.deps.removeArtifact(artifact.file).catch(() => undefined);
      await this.locks.release(lock);
    }
  }

  async rollback(request: RollbackRequest, observer: DeployObserver = {}): Promise<DeployReport> {
    const target = this.target(request.service, request.environment);
    const wanted = request.release === undefined ? undefined : validateReleaseId(request.release);
    const hosts = await resolveHosts(target, this.deps.cloud?.());
    const lock = await this.locks.acquire({ kind: 'deploy', service: target.service, environment: target.environment, owner: request.user, since: this.deps.clock.now(), ref: 'rollback' }, this.deps.clock.now());
    try {
      const statuses = await readHostStatus(this.deps.transportFactory(target), hosts, target.config.path, { timeoutMs: target.ssh.connectTimeout, concurrency: target.config.concurrency });
      const unreachable = statuses.filter((status) => status.error);
      if (unreachable.length > 0) {
        throw new OpsError('upstream', `cannot roll back ${target.service}: ${unreachable.map((s) => `${s.host} (${s.error})`).join(', ')} unreachable`);
      }
      const live = findDrift(statuses).majority;
      const healthy = await this.records.healthyReleases(target.service, target.environment);
      const release = wanted ?? pickRollbackRelease(statuses, healthy, live);
      if (!release) throw new OpsError('not_found', `no earlier healthy release of ${target.service} is on every ${target.environment} host (live: ${live ?? 'none'}); name one with \`rollback ${target.service} to <release>\``);
      const missing = statuses.filter((status) => !status.releases.includes(release));
      if (missing.length > 0) throw new OpsError('not_found', `release ${release} is not on ${missing.map((s) => s.host).join(', ')} (kept releases: see \`deploy status ${target.service}\`)`);
      const original = (await this.records.recent(target.service, 500, target.environment)).find((record) => record.releaseId === release && record.kind === 'deploy');
      const plan = this.makePlan('rollback', target, hosts, { ref: original?.ref ?? 'unknown', commit: original?.commit ?? 'unknown', releaseId: release, from: live });
      return await this.execute(plan, target, request, observer);
    } finally {
      await this.locks.release(lock);
    }
  }

  /** Builds (deploys), records, announces and runs the rollout; the lock is already held. */
  private async execute(plan: DeployPlan, target: DeployTarget, request: { user: string; channel?: string }, observer: DeployObserver, build?: () => Promise<Artifact>): Promise<DeployReport> {
    const key = `${target.service}/${target.environment}`;
    const control = { cancelled: false as boolean, by: undefined as string | undefined };
    this.running.set(key, control);
    const startedAt = this.deps.clock.now();
    const record: DeployRecord = {
      id: `${plan.service}-${plan.releaseId}-${startedAt}`,
      ...releaseIdentity(plan),
      user: request.user,
      startedAt,
      outcome: 'running',
      hosts: {},
      bootId: this.deps.bootId,
    };
    const channel = request.channel ?? target.channel;
    try {
      await observer.planned?.(plan);
      const seq = await this.records.start(record);
      this.deps.bus.emit('deploy.started', { service: plan.service, environment: plan.environment, ref: plan.ref, commit: plan.commit, releaseId: plan.releaseId, hosts: plan.hosts, batches: plan.batches.length, user: request.user, channel, kind: plan.kind });
      let result: RolloutResult;
      try {
        const artifact = build ? await build() : undefined;
        result = await runRollout({
          ...releaseIdentity(plan),
          batches: plan.batches,
          artifact,
          settings: this.settings(target),
          transport: this.deps.transportFactory(target),
          probe: this.deps.probe,
          sleep: this.deps.sleep,
          healthHost: (host) => this.deps.healthHost(target, host),
          clock: this.deps.clock,
          isCancelled: () => control.cancelled,
          onProgress: (snapshot) => observer.progress?.(snapshot),
        });
      } catch (error) {
        // The build (or something before any host was touched) failed: nothing changed.
        if (!(error instanceof OpsError)) this.deps.logger.error({ err: error, service: plan.service }, 'deploy failed before the rollout');
        result = { outcome: 'failed', hosts: [], durationMs: this.deps.clock.now() - startedAt, failedStep: 'build', error: (error as Error).message };
      }
      if (result.outcome !== 'succeeded') await this.fillUnknownHosts(target, result);
      const finishedAt = this.deps.clock.now();
      const hosts = Object.fromEntries(result.hosts.map((host) => [host.host, host.current]));
      Object.assign(record, { finishedAt, outcome: result.outcome, durationMs: finishedAt - startedAt, hosts, failedHost: result.failedHost, failedStep: result.failedStep, error: result.error });
      await this.records.finish(seq, record);
      this.deps.bus.emit('deploy.finished', {
        service: plan.service,
        environment: plan.environment,
        ref: plan.ref,
        commit: plan.commit,
        releaseId: plan.releaseId,
        outcome: result.outcome,
        durationMs: finishedAt - startedAt,
        hosts,
        failedHost: result.failedHost,
        failedStep: result.failedStep,
        error: result.error,
        user: request.user,
        channel,
        kind: plan.kind,
      });
      return { plan, result };
    } finally {
      this.running.delete(key);
    }
  }

  /** Hosts the rollout never reached: ask them, so the summary says what each one runs. */
  private async fillUnknownHosts(target: DeployTarget, result: RolloutResult): Promise<void> {
    const unknown = result.hosts.filter((host) => host.current === undefined && (host.phase === 'not started' || host.failedStep === 'connect'));
    if (unknown.length === 0) return;
    const statuses = await readHostStatus(this.deps.transportFactory(target), unknown.map((h) => h.host), target.config.path, {
      timeoutMs: Math.min(target.ssh.connectTimeout, 5000),
      concurrency: target.config.concurrency,
    });
    for (const status of statuses) {
      const host = unknown.find((h) => h.host === status.host)!;
      if (status.error) host.note = [host.note, `unreachable: ${status.error}`].filter(Boolean).join('; ');
      else host.current = host.previous = status.current;
    }
  }

  private settings(target: DeployTarget): RolloutSettings {
    const config = target.config;
    return {
      path: config.path,
      install: config.install,
      restart: config.restart,
      health: target.health,
      maxFailures: target.maxFailures,
      keepReleases: config.keepReleases,
      concurrency: config.concurrency,
      stepTimeoutMs: config.stepTimeout,
      connectTimeoutMs: target.ssh.connectTimeout,
    };
  }

  /** Per environment: the live release on each host, drift, the lock and the last deploy. */
  async status(service?: string): Promise<ServiceStatus[]> {
    const names = service ? [this.target(service).service] : this.serviceNames();
    const out: ServiceStatus[] = [];
    for (const name of names) {
      for (const environment of this.environments(name)) {
        const target = this.target(name, environment);
        const entry: ServiceStatus = { service: name, environment, hosts: [], drifted: [] };
        const lock = await this.locks.get(name, environment);
        if (lock) entry.lock = { ...lock, interrupted: this.locks.isInterrupted(lock), description: this.locks.describe(lock, this.deps.clock.now()) };
        const [last] = await this.history(name, 1, environment);
        entry.last = last;
        try {
          const hosts = await resolveHosts(target, this.deps.cloud?.());
          entry.hosts = await readHostStatus(this.deps.transportFactory(target), hosts, target.config.path, { timeoutMs: target.ssh.connectTimeout, concurrency: target.config.concurrency });
          Object.assign(entry, findDrift(entry.hosts));
        } catch (error) {
          entry.error = (error as Error).message;
        }
        out.push(entry);
      }
    }
    return out;
  }

  /** Newest first; a record still "running" from an earlier run of the bot shows as interrupted. */
  async history(service: string, limit = 10, environment?: string): Promise<Array<DeployRecord & { interrupted: boolean }>> {
    this.target(service, environment);
    const records = await this.records.recent(service, limit, environment);
    return records.map((record) => ({ ...record, interrupted: record.outcome === 'running' && record.bootId !== this.deps.bootId }));
  }

  async lock(service: string, environment: string | undefined, user: string, reason?: string): Promise<DeployLock> {
    const target = this.target(service, environment);
    const now = this.deps.clock.now();
    return this.locks.acquire({ kind: 'manual', service: target.service, environment: target.environment, owner: user, reason, since: now }, now);
  }

  async unlock(service: string, environment: string | undefined, user: string): Promise<string> {
    const target = this.target(service, environment);
    const where = `${target.service} to ${target.environment}`;
    const lock = await this.locks.get(target.service, target.environment);
    if (!lock) throw new UserError(`${where} is not locked`);
    if (lock.kind === 'deploy' && !this.locks.isInterrupted(lock)) throw new OpsError('conflict', `${where} is locked by a running deploy (${lock.owner}); use \`deploy cancel ${target.service}\``);
    await this.locks.remove(target.service, target.environment);
    this.deps.logger.info({ service: target.service, environment: target.environment, user, lock }, 'deploy lock removed');
    if (lock.kind === 'deploy') return `cleared the interrupted deploy lock on ${where} (was ${lock.owner}'s ${lock.releaseId ?? lock.ref}); \`deploy status ${target.service}\` shows where each host is`;
    return `${where} unlocked${lock.owner !== user ? ` (it was locked by ${lock.owner})` : ''}`;
  }

  async cancel(service: string, environment: string | undefined, user: string): Promise<string> {
    const target = this.target(service, environment);
    const control = this.running.get(`${target.service}/${target.environment}`);
    if (!control) {
      const lock = await this.locks.get(target.service, target.environment);
      if (lock && this.locks.isInterrupted(lock)) throw new UserError(`${this.locks.describe(lock, this.deps.clock.now())}`);
      throw new UserError(`no deploy of ${target.service} to ${target.environment} is running`);
    }
    if (control.cancelled) return `cancel already requested by ${control.by}`;
    control.cancelled = true;
    control.by = user;
    return `cancelling ${target.service} to ${target.environment}: it stops after the current batch and rolls that batch back`;
  }
}

/** Only the identifying fields: a plan also carries hosts and dry-run steps that records must not store. */
function releaseIdentity(plan: DeployPlan): ReleaseIdentity {
  const { kind, service, environment, ref, commit, releaseId } = plan;
  return { kind, service, environment, ref, commit, releaseId };
}
