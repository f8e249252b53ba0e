import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { CloudProvider } from '../cloud/cloud-provider';
import type { GroupConfig } from '../config/sections/scaling';
import { UserError } from '../robot/errors';
import { choosePeriod } from './observe';
import { policySettings } from './policy-settings';
import { oracleInstanceMinutes, replay, type ReplayResult } from './replay';
import { opsbotRule, targetTrackingRule } from './rules';

const MINUTE = 60_000;

export interface Trace {
  /** Total load per minute, in percent of one instance. */
  values: number[];
  source: string;
}

/**
 * The group's total load per minute, summed over its instances' CPU history (5-minute data is
 * spread over its minutes). Only instances that exist now are listed, so history of servers
 * terminated since is missing: the CSV form covers that.
 */
export async function loadCloudTrace(provider: CloudProvider, config: GroupConfig, now: number, days: number): Promise<Trace> {
  const instances = await provider.listInstances({ tags: config.tags, namePrefix: config.namePrefix });
  if (instances.length === 0) throw new UserError('the group has no instances to read history from; give a CSV trace instead');
  const periodSec = choosePeriod(config, instances);
  const from = Math.floor((now - days * 86_400_000) / MINUTE) * MINUTE;
  const series = await provider.getLoads(instances.map((i) => i.id), { from, to: now, periodSec });
  const minutes = Math.floor((now - from) / MINUTE);
  const values = new Array<number>(minutes).fill(0);
  for (const points of series.values()) {
    for (const point of points) {
      const first = Math.floor((point.at - from) / MINUTE);
      for (let m = first; m < first + periodSec / 60 && m < minutes; m += 1) if (m >= 0) values[m] += point.value;
    }
  }
  const withData = [...series.values()].filter((points) => points.length > 0).length;
  return { values, source: `${provider.kind} CPU history of ${withData} of ${instances.length} instances, ${days}d at ${periodSec}s` };
}

/** Traces are read from the traces folder of the data dir only: a chat command never reads arbitrary files. */
export function readTraceFile(dir: string | undefined, name: string): string {
  if (!dir) throw new UserError('CSV traces are not available here (no data directory)');
  const file = resolve(dir, name);
  const inside = relative(dir, file);
  if (inside.startsWith('..') || isAbsolute(inside)) throw new UserError(`put the trace under ${dir} and name it relative to it`);
  if (!existsSync(file)) throw new UserError(`no trace ${name} in ${dir}`);
  return readFileSync(file, 'utf8');
}

/** One row per minute: "total" or "time,total" (a header line is skipped). */
export function parseCsvTrace(text: string, source: string): Trace {
  const values: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const last = trimmed.split(',').pop()!.trim();
    const value = Number(last);
    if (!Number.isFinite(value) || value < 0) {
      if (index === 0 && values.length === 0) return;
      throw new UserError(`${source} line ${index + 1}: expected a total load (a number ≥ 0) as the last column, got "${last.slice(0, 30)}"`);
    }
    values.push(value);
  });
  if (values.length < 60) throw new UserError(`${source}: a trace needs at least 60 rows (one per minute), found ${values.length}`);
  return { values, source };
}

export interface BacktestRow extends ReplayResult {
  name: string;
}

export function runBacktest(trace: number[], config: GroupConfig, initial: number): { rows: BacktestRow[]; oracleMinutes: number } {
  const start = Math.min(config.max, Math.max(config.min, initial));
  const common = { trace, initial: start, bootMin: 2, min: config.min, max: config.max };
  const rules = [
    opsbotRule(policySettings(config), Math.max(1, Math.round(config.interval / MINUTE))),
    targetTrackingRule({ target: 50, warmupMs: config.warmup, min: config.min, max: config.max }),
  ];
  return { rows: rules.map((rule) => ({ name: rule.name, ...replay(rule, common) })), oracleMinutes: oracleInstanceMinutes(trace) };
}

export function formatBacktest(group: string, trace: Trace, result: { rows: BacktestRow[]; oracleMinutes: number }): string {
  const days = (trace.values.length / 1440).toFixed(1);
  const header = `${'policy'.padEnd(28)} ${'inst-hours'.padStart(10)} ${'×oracle'.padStart(8)} ${'over-100% inst-min'.padStart(18)} ${'per inst'.padStart(8)} ${'actions'.padStart(7)}`;
  const rows = result.rows.map((row) => {
    const meanFleet = row.instanceMinutes / trace.values.length;
    return `${row.name.padEnd(28)} ${(row.instanceMinutes / 60).toFixed(0).padStart(10)} ${(row.instanceMinutes / result.oracleMinutes).toFixed(2).padStart(8)} ${String(row.overloadedInstanceMinutes).padStart(18)} ${(row.overloadedInstanceMinutes / meanFleet).toFixed(1).padStart(8)} ${String(row.actions).padStart(7)}`;
  });
  const oracle = `${'oracle ceil(total/100%)'.padEnd(28)} ${(result.oracleMinutes / 60).toFixed(0).padStart(10)} ${'1.00'.padStart(8)} ${'0'.padStart(18)} ${'0.0'.padStart(8)} ${'—'.padStart(7)}`;
  return [`scale backtest ${group}: ${days} days from ${trace.source}`, header, ...rows, oracle].join('\n');
}
