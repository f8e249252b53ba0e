// Scaling policies over a synthetic week of per-minute load, each against the oracle
// ceil(total/100%) per minute: instance-hours ÷ oracle, overloaded instance-minutes, actions.
// One server of the starting fleet is stuck at 100% CPU the whole week.
//   npx tsx bench/scale-trace.ts [--days 7] [--peak 1200] [--seed 42] [--hpa-target 70]
import { policySettings } from '../src/orchestrator/policy-settings';
import { oracleInstanceMinutes, replay, type ScalingRule } from '../src/orchestrator/replay';
import { opsbotRule, targetTrackingRule } from '../src/orchestrator/rules';
import { ScalingSection } from '../src/config/sections/scaling';
import { measureApiCalls } from './scale-api-calls';
import { hpaRule, seedRule } from './scale-peer-rules';
import { syntheticTrace } from './scale-synthetic-trace';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const days = flag('days', 7);
  const peak = flag('peak', 1200);
  const seed = flag('seed', 42);
  const hpaTarget = flag('hpa-target', 70);
  const trace = syntheticTrace({ days, peak, seed });
  const min = 2;
  const max = 200;
  const warmupMs = 5 * 60_000;
  const defaults = ScalingSection.parse({ groups: { web: { namePrefix: 'web-', launchTemplate: 'lt', min, max } } }).groups.web;
  const proportional = ScalingSection.parse({ groups: { web: { namePrefix: 'web-', launchTemplate: 'lt', min, max, step: 'proportional' } } }).groups.web;
  // Cooldown and warm-up sized to this model's 2-minute boot instead of the 5-minute defaults.
  const quick = ScalingSection.parse({ groups: { web: { namePrefix: 'web-', launchTemplate: 'lt', min, max, step: 'proportional', cooldown: '2m', warmup: '3m' } } }).groups.web;

  const rules: ScalingRule[] = [
    seedRule({ high: 90, low: 80 }),
    opsbotRule(policySettings(defaults)),
    { ...opsbotRule(policySettings(proportional)), name: 'opsbot, proportional step' },
    { ...opsbotRule(policySettings(quick)), name: 'opsbot, proportional, 2m/3m' },
    targetTrackingRule({ target: 50, warmupMs, min, max }),
    hpaRule({ target: hpaTarget, min, max, readyMs: warmupMs }),
  ];
  const oracle = oracleInstanceMinutes(trace);
  const common = { trace, initial: Math.ceil(trace[0] / 70) + 1, bootMin: 2, stuck: 1, min, max };
  console.log(`scale-trace: ${days} days × 1 min, peak ${peak}% total, seed ${seed}, boot 2 min, 1 server stuck at 100%; oracle ${(oracle / 60).toFixed(0)} instance-hours`);
  console.log(`${'policy'.padEnd(30)} ${'inst-hours'.padStart(10)} ${'÷oracle'.padStart(8)} ${'overloaded inst-min'.padStart(19)} ${'vs TT50'.padStart(8)} ${'actions'.padStart(8)} ${'peak n'.padStart(7)}`);
  const results = rules.map((rule) => ({ rule, result: replay(rule, common) }));
  const tracking = results.find((r) => r.rule.name.startsWith('target tracking'))!.result;
  for (const { rule, result } of results) {
    const versus = tracking.overloadedInstanceMinutes === 0 ? (result.overloadedInstanceMinutes === 0 ? '=' : '∞') : `${(result.overloadedInstanceMinutes / tracking.overloadedInstanceMinutes).toFixed(2)}×`;
    console.log(
      `${rule.name.padEnd(30)} ${(result.instanceMinutes / 60).toFixed(0).padStart(10)} ${(result.instanceMinutes / oracle).toFixed(2).padStart(8)} ${String(result.overloadedInstanceMinutes).padStart(19)} ${versus.padStart(8)} ${String(result.actions).padStart(8)} ${String(result.peak).padStart(7)}`,
    );
  }
  console.log(`${'oracle ceil(total/100%)'.padEnd(30)} ${(oracle / 60).toFixed(0).padStart(10)} ${'1.00'.padStart(8)} ${'0'.padStart(19)}`);
  // Every policy pays for the stuck server; the oracle does not count it.
  console.log(`(the stuck server adds ${((days * 24) / (oracle / 60)).toFixed(2)}× oracle to every row)`);

  console.log('\nAPI calls per evaluation (aws-sdk-client-mock on AwsCloudProvider):');
  for (const size of [100, 1000]) {
    const calls = await measureApiCalls(size);
    console.log(`  ${String(size).padStart(5)} instances: opsbot ${calls.opsbot} (DescribeInstances + GetMetricData), seed ${calls.seed} — ${(calls.seed / calls.opsbot).toFixed(0)}× fewer`);
  }
}

void main();
