import { formatDuration } from '../robot/format';
import type { RichMessage } from '../robot/message';
import type { HistoryEntry } from './group-state';
import type { ObservedInstance } from './observe';
import type { Evaluation } from './orchestrator';
import { pct } from './policy';

const BARS = '▁▂▃▄▅▆▇█';

/** The last hour as 12 five-minute bars on an absolute 0–100% scale (comparable across lines). */
export function sparkline(points: Array<{ at: number; value: number }>, now: number, buckets = 12, spanMs = 3_600_000): string {
  const size = spanMs / buckets;
  let line = '';
  for (let b = 0; b < buckets; b += 1) {
    const start = now - spanMs + b * size;
    const inside = points.filter((p) => p.at >= start && p.at < start + size);
    if (inside.length === 0) line += '·';
    else {
      const mean = inside.reduce((sum, p) => sum + p.value, 0) / inside.length;
      line += BARS[Math.min(BARS.length - 1, Math.max(0, Math.floor((mean / 100) * BARS.length)))];
    }
  }
  return line;
}

function instanceLine(instance: ObservedInstance, evaluation: Evaluation, now: number): string {
  const { decision, config } = evaluation;
  const age = instance.launchTime > 0 ? formatDuration(now - instance.launchTime) : '—';
  const load = instance.load === undefined ? 'no data' : pct(instance.load);
  const marks = [
    instance.state !== 'running' ? instance.state : '',
    decision.stats.warming.includes(instance.id) && instance.state === 'running' ? 'warming' : '',
    config.protected.includes(instance.id) ? 'protected' : '',
    decision.action === 'terminate' && decision.instanceId === instance.id ? '← next out' : '',
  ].filter(Boolean);
  return [instance.id.padEnd(20), (instance.name ?? '').padEnd(12), age.padEnd(8), load.padStart(8), ` ${sparkline(instance.points, now)}`, marks.length ? ` ${marks.join(', ')}` : ''].join(' ');
}

export function describeDecision(evaluation: Evaluation): string {
  const { decision, mode, provider } = evaluation;
  const simulated = mode === 'simulate' || !provider.canResize;
  const verb = decision.action === 'launch' ? `launch ${decision.count}` : decision.action === 'terminate' ? `terminate ${decision.instanceId}` : 'hold';
  return decision.action === 'hold' ? `hold — ${decision.reason}` : `${simulated ? 'would ' : ''}${verb} — ${decision.reason}`;
}

export function formatStatus(evaluation: Evaluation, now: number): RichMessage {
  const { group, config, decision, observation, state, mode, provider } = evaluation;
  const s = decision.stats;
  const lines = [...observation.instances].sort((a, b) => a.launchTime - b.launchTime).map((i) => instanceLine(i, evaluation, now));
  const median = s.median === undefined ? 'no median (no data)' : `median ${pct(s.median)} over ${s.reporting} of ${s.n}`;
  const predicted = s.predicted === undefined ? 'at n−1: —' : `at ${s.n - 1}: ${pct(s.predicted)}`;
  const cooldown = s.cooldownLeftMs > 0 ? `${formatDuration(s.cooldownLeftMs)} left` : 'none';
  return {
    title: `scale ${group}: ${s.n} instance${s.n === 1 ? '' : 's'} on ${provider.kind}, mode ${mode}${state.paused ? ' (paused)' : ''}`,
    text: `next: ${describeDecision(evaluation)}`,
    code: lines.length ? lines.join('\n') : '(no instances match)',
    fields: [
      { label: 'load', value: `${median} · ${predicted} · marks low ${config.low}% / high ${config.high}%` },
      { label: 'fleet', value: `n=${s.n} (${s.warming.length} warming, ${s.noData.length} without data) · min ${config.min} / max ${config.max} · step ${config.step}` },
      { label: 'cooldown', value: `${cooldown} (${formatDuration(config.cooldown)}) · warm-up ${formatDuration(config.warmup)} · every ${formatDuration(config.interval)} · CloudWatch period ${observation.periodSec}s` },
      ...(s.noData.length ? [{ label: 'no data', value: `${s.noData.join(', ')}: no datapoint in the last ${formatDuration(observation.windowMs)}, left out of the median` }] : []),
      ...(evaluation.deployLock ? [{ label: 'deploy', value: `${evaluation.deployLock}: scale-in waits` }] : []),
    ],
    context: state.lastDecision && state.lastDecision.action !== 'hold' ? `last action: ${state.lastDecision.action} ${formatDuration(now - state.lastDecision.at)} ago${state.lastDecision.executed ? '' : ' (announced only)'}` : undefined,
    tone: decision.action === 'hold' ? 'neutral' : 'warning',
  };
}

export function formatHistory(group: string, entries: HistoryEntry[], now: number): string {
  if (entries.length === 0) return `scale ${group}: no actions yet`;
  const lines = entries.map((e) => {
    const when = `${new Date(e.at).toISOString().slice(0, 16).replace('T', ' ')} (${formatDuration(now - e.at)} ago)`;
    const what = e.kind === 'launch' || e.kind === 'terminate' ? `${e.executed ? '' : 'would '}${e.kind}${e.instanceIds?.length ? ` ${e.instanceIds.join(', ')}` : ''}` : e.kind;
    return `${when} ${what} [${e.mode}]${e.user ? ` by ${e.user}` : ''} — ${e.reason}`;
  });
  return [`scale ${group}: last ${entries.length} entries`, ...lines].join('\n');
}
