import type { ScaleDecided } from '../events/ops-events';

import type { GroupStateStore } from './group-state';
import type { Evaluation } from './orchestrator';

export interface ExecuteOptions {
  states: GroupStateStore;
  emit: (type: 'scale.decided', payload: ScaleDecided) => void;
  now: number;
  onFailure: (action: 'launch' | 'terminate', error: unknown) => Promise<void>;
}

/** "web-" + the next numbers after the highest one in use: web-7, web-8. */
export function nextNames(prefix: string, existing: Array<string | undefined>, count: number): string[] {
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`);
  const highest = Math.max(0, ...existing.map((name) => Number(pattern.exec(name ?? '')?.[1] ?? 0)));
  return Array.from({ length: count }, (_, index) => `${prefix}${highest + index + 1}`);
}

/**
 * Carries a decision out in act mode, or only announces it in simulate mode. Either way the
 * cooldown starts, so a simulated group announces at the pace a real one would act.
 */
export async function executeDecision(evaluation: Evaluation, options: ExecuteOptions): Promise<void> {
  const { decision, group, config, provider, mode } = evaluation;
  const { states, now } = options;
  await states.update(group, (s) => ({ ...s, lastDecision: { at: now, action: decision.action, reason: decision.reason, executed: false } }));
  if (decision.action === 'hold') return;

  const stats = decision.stats;
  const event: ScaleDecided = {
    group,
    mode,
    action: decision.action,
    reason: decision.reason,
    median: stats.median,
    n: stats.n,
    predicted: stats.predicted,
    executed: false,
    channel: config.channel,
  };
  if (decision.action === 'launch') event.count = decision.count;
  else event.instanceIds = [decision.instanceId];

  const acting = mode === 'act' && provider.canResize;
  if (acting) {
    try {
      if (decision.action === 'launch') {
        const plan = await planLaunch(evaluation, decision.count, options);
        const launched = await provider.launch({
          group,
          tags: config.tags ?? {},
          names: plan.names,
          launchTemplate: config.launchTemplate,
          targetGroupArn: config.targetGroupArn,
          token: plan.token,
        });
        event.instanceIds = launched.map((i) => i.id);
        await states.update(group, (s) => ({
          ...s,
          launchSeq: s.launchSeq + 1,
          pendingLaunch: undefined,
          unregistered: config.targetGroupArn ? [...s.unregistered, ...launched.map((i) => i.id)] : s.unregistered,
        }));
      } else {
        await provider.terminate([decision.instanceId], { targetGroupArn: config.targetGroupArn });
      }
      event.executed = true;
    } catch (error) {
      await options.onFailure(decision.action, error);
      return;
    }
  }

  await states.update(group, (s) => ({
    ...s,
    lastActionAt: now,
    lastError: event.executed ? undefined : s.lastError,
    lastDecision: { at: now, action: decision.action, reason: decision.reason, executed: event.executed },
  }));
  await states.record(group, { at: now, kind: decision.action, mode, reason: decision.reason, executed: event.executed, instanceIds: event.instanceIds });
  options.emit('scale.decided', event);
}

/**
 * The token and names are saved before calling the cloud: if the call times out after EC2
 * launched, the next attempt repeats the same ClientToken and EC2 returns the same instances.
 */
async function planLaunch(evaluation: Evaluation, count: number, options: ExecuteOptions): Promise<{ token: string; names: string[] }> {
  const { group, config, observation } = evaluation;
  const state = await options.states.update(group, (s) => {
    if (s.pendingLaunch && s.pendingLaunch.names.length === count && options.now - s.pendingLaunch.at < 3_600_000) return s;
    const names = nextNames(config.namePrefix ?? `${group}-`, observation.instances.map((i) => i.name), count);
    return { ...s, pendingLaunch: { token: `opsbot-${group}-${s.launchSeq + 1}-${options.now.toString(36)}`, names, at: options.now } };
  });
  return state.pendingLaunch!;
}

/** Launched instances join the target group once EC2 reports them running. */
export async function registerLaunched(evaluation: Evaluation, states: GroupStateStore): Promise<void> {
  const arn = evaluation.config.targetGroupArn;
  const waiting = evaluation.state.unregistered;
  if (!arn || waiting.length === 0) return;
  const byId = new Map(evaluation.observation.instances.map((i) => [i.id, i]));
  const running = waiting.filter((id) => byId.get(id)?.state === 'running');
  const gone = waiting.filter((id) => !byId.has(id));
  if (running.length > 0) await evaluation.provider.registerTargets(arn, running);
  const done = new Set([...running, ...gone]);
  if (done.size > 0) await states.update(evaluation.group, (s) => ({ ...s, unregistered: s.unregistered.filter((id) => !done.has(id)) }));
}

