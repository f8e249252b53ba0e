import pLimit from 'p-limit';
import type { Clock } from '../events/clock';
import type { Transport } from '../transport/transport';
import { HostSteps, StepFailure, type HealthProbe, type RolloutSettings } from './host-steps';
import type { HostProgress, ReleaseIdentity, RolloutResult, RolloutSnapshot } from './types';

export interface RolloutInput extends ReleaseIdentity {
  batches: string[][];
  /** The artifact to ship (deploys); rollbacks switch to a release the hosts already have. */
  artifact?: { file: string; checksum: string };
  settings: RolloutSettings;
  transport: Transport;
  probe: HealthProbe;
  sleep: (ms: number) => Promise<void>;
  healthHost: (host: string) => string;
  clock: Clock;
  isCancelled: () => boolean;
  onProgress: (snapshot: RolloutSnapshot) => void;
}

/**
 * Rolls a release out batch by batch. Within a batch hosts run in parallel (bounded); a host
 * that fails after switching is put back at once; when failures exceed maxFailures every host
 * switched in this deploy goes back to its previous release. Cancelling stops after the current
 * batch and puts that batch back.
 */
export async function runRollout(input: RolloutInput): Promise<RolloutResult> {
  const startedAt = input.clock.now();
  const hosts = input.batches.flat();
  const progress = new Map<string, HostProgress>(hosts.map((host) => [host, { host, phase: 'waiting', switched: false }]));
  const snapshot: RolloutSnapshot = {
    service: input.service,
    environment: input.environment,
    releaseId: input.releaseId,
    kind: input.kind,
    batches: input.batches,
    batch: 0,
    hosts: [...progress.values()],
    startedAt,
    finished: false,
    cancelRequested: false,
  };
  const changed = () => {
    snapshot.cancelRequested = input.isCancelled();
    input.onProgress(snapshot);
  };
  const steps = new Map<string, HostSteps>();
  const context = { ...input, changed };
  const stepsFor = (host: string) => {
    let existing = steps.get(host);
    if (!existing) steps.set(host, (existing = new HostSteps(progress.get(host)!, context)));
    return existing;
  };
  const limit = pLimit(input.settings.concurrency);
  let failures = 0;
  let firstFailure: HostProgress | undefined;
  let outcome: RolloutResult['outcome'] = 'succeeded';

  const work = async (host: string) => {
    const hostSteps = stepsFor(host);
    const hp = hostSteps.progress;
    try {
      await hostSteps.prepare();
      if (input.kind === 'deploy') await hostSteps.stage(input.artifact!);
      else hostSteps.requireRelease(input.releaseId);
      await hostSteps.activate(input.releaseId, { markSwitched: true });
      hp.phase = 'done';
      changed();
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure('internal', (error as Error).message);
      hp.phase = 'failed';
      hp.failedStep = failure.step;
      hp.error = failure.reason;
      hp.output = failure.output;
      if (failure.step === 'connect') hp.current = hp.previous;
      failures += 1;
      firstFailure ??= hp;
      changed();
      // A host that switched and then failed must not keep serving a broken release.
      await hostSteps.revert();
      if ((hp.phase as string) === 'rolled back') hp.phase = 'failed';
      changed();
    }
  };

  try {
    changed();
    for (let index = 0; index < input.batches.length; index += 1) {
      snapshot.batch = index;
      const batch = input.batches[index];
      await Promise.all(batch.map((host) => limit(() => work(host))));
      if (failures > input.settings.maxFailures) {
        outcome = await revertAll([...steps.values()], changed);
        break;
      }
      if (input.isCancelled()) {
        await Promise.all(batch.map((host) => limit(() => stepsFor(host).revert())));
        outcome = 'cancelled';
        break;
      }
    }
    for (const hp of progress.values()) if (hp.phase === 'waiting') hp.phase = 'not started';
    if (outcome === 'succeeded') {
      snapshot.batch = input.batches.length;
      const done = [...steps.values()].filter((s) => s.progress.phase === 'done');
      await Promise.all(done.map((s) => limit(() => s.prune(input.settings.keepReleases))));
    }
  } finally {
    await Promise.all([...steps.values()].map((s) => s.close()));
  }
  snapshot.finished = true;
  snapshot.batch = input.batches.length;
  changed();
  return {
    outcome,
    hosts: [...progress.values()],
    durationMs: input.clock.now() - startedAt,
    failedHost: firstFailure?.host,
    failedStep: firstFailure?.failedStep,
    error: firstFailure?.error,
  };
}

async function revertAll(all: HostSteps[], changed: () => void): Promise<RolloutResult['outcome']> {
  await Promise.all(all.map((s) => s.revert()));
  changed();
  // Honest outcome: "rolled_back" only when every switched host is back where it was.
  if (all.some((s) => s.progress.switched)) return 'failed';
  return all.some((s) => s.progress.rolledBack) ? 'rolled_back' : 'failed';
}
