import { formatDuration } from '../robot/format';
import type { RichMessage } from '../robot/message';
import { tailLines } from '../transport/output-tail';
import type { ServiceStatus } from './deployer';
import type { DeployRecord } from './history';
import { describeBatches } from './plan-batches';
import type { DeployPlan, DeployReport, HostProgress, RolloutSnapshot } from './types';

// Pure text for chat: the script sends these, tests read them. No Slack specifics here.

const short = (commit: string) => (/^[0-9a-f]{40}$/.test(commit) ? commit.slice(0, 7) : commit);

export function planHeadline(plan: DeployPlan): string {
  if (plan.kind === 'rollback') return `rollback ${plan.service} ${plan.environment}: ${plan.from ?? 'current'} → ${plan.releaseId}, ${describeBatches(plan.batches)}`;
  return `${plan.service}@${short(plan.commit)} (${plan.ref}) → ${plan.environment}: ${describeBatches(plan.batches)}, release ${plan.releaseId}`;
}

export function renderDryRun(plan: DeployPlan): RichMessage {
  const batches = plan.batches.map((batch, index) => `  batch ${index + 1}: ${batch.join(', ')}`).join('\n');
  const steps = plan.steps.map((s, index) => `${index + 1}. ${s.step}: ${s.command}`).join('\n');
  return {
    title: `Dry run: ${planHeadline(plan)}`,
    text: `Dry run (nothing changed): ${planHeadline(plan)}\nBatches:\n${batches}\nSteps on ${plan.hosts[0]} (the same on every host):`,
    code: steps,
    tone: 'neutral',
  };
}

const MARK: Record<string, string> = { done: '✓', failed: '✗', 'rolled back': '↩', waiting: '·', 'not started': '·' };

export function hostLine(host: HostProgress, releaseId: string): string {
  const mark = MARK[host.phase] ?? '…';
  let line = `${mark} ${host.host}: ${host.phase}`;
  if (host.phase === 'done') line = `${mark} ${host.host}: on ${releaseId}`;
  if (host.phase === 'failed') line += ` at ${host.failedStep}${host.error ? ` (${host.error})` : ''}`;
  else if (!['done', 'waiting', 'not started', 'rolled back'].includes(host.phase) && host.lastLine) line += ` — ${host.lastLine.slice(0, 80)}`;
  return line;
}

export function renderProgress(snapshot: RolloutSnapshot, plan: DeployPlan, now: number): RichMessage {
  const verb = snapshot.kind === 'rollback' ? 'Running' : 'Deploying';
  const batch = snapshot.finished ? 'finished' : `batch ${Math.min(snapshot.batch + 1, snapshot.batches.length)}/${snapshot.batches.length}`;
  const lines = snapshot.hosts.map((host) => hostLine(host, snapshot.releaseId));
  const cancel = snapshot.cancelRequested && !snapshot.finished ? '\ncancel requested: stopping after this batch' : '';
  return {
    title: `${verb} ${planHeadline(plan)}`,
    text: `${verb} ${planHeadline(plan)} — ${batch}, ${formatDuration(now - snapshot.startedAt)}\n${lines.join('\n')}${cancel}`,
    tone: snapshot.hosts.some((h) => h.phase === 'failed') ? 'warning' : 'neutral',
  };
}

export function renderSummary(report: DeployReport): RichMessage {
  const { plan, result } = report;
  const what = plan.kind === 'rollback' ? `rollback of ${plan.service} ${plan.environment} to ${plan.releaseId}` : `${plan.service}@${short(plan.commit)} → ${plan.environment}`;
  const took = formatDuration(result.durationMs);
  const hostLines = result.hosts.map((host) => `  ${host.host}: ${describeHostEnd(host, plan.releaseId)}`).join('\n');
  if (result.outcome === 'succeeded') {
    const failed = result.hosts.filter((h) => h.phase === 'failed');
    const tolerated = failed.length ? ` (${failed.length} host${failed.length > 1 ? 's' : ''} failed within maxFailures)\n${hostLines}` : '';
    return { text: `✅ ${what} succeeded in ${took}: ${result.hosts.length - failed.length} host${result.hosts.length === 1 ? '' : 's'} on release ${plan.releaseId}${tolerated}`, tone: failed.length ? 'warning' : 'good' };
  }
  if (result.hosts.length === 0) return { text: `❌ ${what} failed at ${result.failedStep} before any host was touched: ${result.error}`, tone: 'danger' };
  const head =
    result.outcome === 'cancelled'
      ? `🛑 ${what} cancelled after ${took}`
      : result.outcome === 'rolled_back'
        ? `↩️ ${what} rolled back after ${took}: ${result.failedHost} failed at ${result.failedStep} (${result.error})`
        : `❌ ${what} failed after ${took}: ${result.failedHost} failed at ${result.failedStep} (${result.error})`;
  const releases = new Set(result.hosts.filter((h) => h.current).map((h) => h.current));
  const drift = releases.size > 1 ? `\nhosts are on different releases: \`deploy status ${plan.service}\`, \`rollback ${plan.service}\` or deploy again` : '';
  return { text: `${head}\nwhere each host is now:\n${hostLines}${drift}`, tone: 'danger' };
}

function describeHostEnd(host: HostProgress, releaseId: string): string {
  const on = host.current ?? (host.failedStep === 'connect' || /unreachable/.test(host.note ?? '') ? 'unknown' : 'nothing deployed');
  const notes: string[] = [];
  if (host.phase === 'rolled back' || (host.rolledBack && host.phase === 'failed')) notes.push(`rolled back from ${releaseId}`);
  if (host.phase === 'failed') notes.push(`failed at ${host.failedStep}: ${host.error}`);
  if (host.phase === 'not started') notes.push('not started');
  if (host.note) notes.push(host.note);
  return `${on}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

export function renderFailureDetail(host: HostProgress): RichMessage {
  return {
    text: `${host.host} failed at ${host.failedStep}: ${host.error}${host.output ? '' : ' (no output)'}`,
    code: host.output ? tailLines(host.output, 20) : undefined,
    tone: 'danger',
  };
}

export function renderStatus(statuses: ServiceStatus[]): RichMessage {
  const blocks = statuses.map((status) => {
    const head = `${status.service} ${status.environment}`;
    const lines: string[] = [];
    if (status.lock) lines.push(`  🔒 ${status.lock.description}`);
    if (status.error) lines.push(`  hosts unknown: ${status.error}`);
    for (const host of status.hosts) lines.push(`  ${host.host}: ${host.error ? `unreachable (${host.error})` : host.current ?? 'nothing deployed'}`);
    if (status.last) lines.push(`  last: ${describeRecord(status.last)}`);
    const state = status.error ? '' : status.hosts.length && status.drifted.length === 0 ? (status.majority ? ` — all on ${status.majority}` : ' — nothing deployed yet') : status.hosts.length ? ` — DRIFT: ${status.drifted.map((h) => h.host).join(', ')} not on ${status.majority ?? 'a release'}` : '';
    return `${head}${state}\n${lines.join('\n')}`;
  });
  return { text: blocks.join('\n') || 'no services are configured', tone: statuses.some((s) => s.drifted.length > 0 || s.lock?.interrupted) ? 'warning' : 'neutral' };
}

export function describeRecord(record: DeployRecord & { interrupted?: boolean }): string {
  const outcome = record.interrupted ? 'INTERRUPTED (the bot restarted during it)' : record.outcome;
  const took = record.durationMs !== undefined ? ` in ${formatDuration(record.durationMs)}` : '';
  const what = record.kind === 'rollback' ? `rollback to ${record.releaseId}` : `${record.ref}@${short(record.commit)} (${record.releaseId})`;
  const failure = record.failedHost ? ` — ${record.failedHost} failed at ${record.failedStep}` : record.error && record.outcome !== 'succeeded' ? ` — ${record.error}` : '';
  return `${new Date(record.startedAt).toISOString().slice(0, 16).replace('T', ' ')} ${record.user}: ${what} → ${record.environment} ${outcome}${took}${failure}`;
}

export function renderHistory(service: string, records: Array<DeployRecord & { interrupted: boolean }>): string {
  if (records.length === 0) return `no deploys of ${service} yet`;
  return [`last ${records.length} deploy${records.length === 1 ? '' : 's'} of ${service} (UTC):`, ...records.map((record) => `  ${describeRecord(record)}`)].join('\n');
}
