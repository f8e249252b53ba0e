import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvTrace, readTraceFile, runBacktest } from '../../../src/orchestrator/backtest';
import { oracleInstanceMinutes, replay } from '../../../src/orchestrator/replay';
import { opsbotRule } from '../../../src/orchestrator/rules';
import { policySettings } from '../../../src/orchestrator/policy-settings';
import { groupConfig } from './helpers';

describe('backtest', () => {
  it('parses a CSV trace with a header and names a bad line', () => {
    const rows = ['time,total', ...Array.from({ length: 60 }, (_, i) => `2025-01-01T00:${String(i).padStart(2, '0')}:00Z,${300 + i}`)];
    expect(parseCsvTrace(rows.join('\n'), 't.csv').values.slice(0, 2)).toEqual([300, 301]);
    expect(() => parseCsvTrace([...rows, 'x,lots'].join('\n'), 't.csv')).toThrow('t.csv line 62: expected a total load (a number ≥ 0) as the last column, got "lots"');
    expect(() => parseCsvTrace('1\n2\n', 't.csv')).toThrow('a trace needs at least 60 rows');
  });

  it('reads traces only from the traces folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbot-traces-'));
    mkdirSync(join(dir, 'traces'));
    writeFileSync(join(dir, 'traces', 'week.csv'), '1\n');
    expect(readTraceFile(join(dir, 'traces'), 'week.csv')).toBe('1\n');
    expect(() => readTraceFile(join(dir, 'traces'), '../../etc/passwd.csv')).toThrow(/put the trace under/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays a step up: opsbot sizes it in two steps (CPU saturates at 100%), the oracle counts ceil(total/100)', () => {
    const trace = [...new Array(60).fill(250), ...new Array(60).fill(400)];
    expect(oracleInstanceMinutes(trace)).toBe(60 * 3 + 60 * 4);
    const config = groupConfig({ min: 1, max: 10, step: 'proportional', cooldown: '5m', warmup: '5m' });
    const result = replay(opsbotRule(policySettings(config)), { trace, initial: 3, bootMin: 2 });
    expect(result.launched).toBe(2);
    // 400 on 3 reads as 100% (not 133%): the first step sizes for 100%, the second after warm-up.
    expect(result.actions).toBe(2);
    const table = runBacktest(trace, config, 3);
    expect(table.rows.map((r) => r.name)).toEqual(['opsbot (median, predicted)', 'target tracking 50% avg']);
  });
});
