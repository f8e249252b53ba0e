// Monitor scale: N HTTP monitors on loopback at a 30 s interval for 5 minutes. Prints the bot's
// CPU share of one core and peak RSS, and detection latency from a target going down to its DOWN
// event, for opsbot's monitor and, in the same run, a naive setInterval-per-monitor peer.
//
//   npx tsx bench/monitor-scale.ts [--seconds 300] [--monitors 2000] [--interval 30] [--no-peer]
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const SECONDS = flag('seconds', 300);
const MONITORS = flag('monitors', 2000);
const INTERVAL = flag('interval', 30) * 1000;
const RETRIES = 2;
const RETRY_DELAY = 5000;
const PER_ROUND = flag('per-round', 20);
const ROUND_EVERY = 15_000;
/** Detection can take interval + retries × delay; outages start only while there is time to see them. */
const DETECT_WINDOW = INTERVAL + RETRIES * RETRY_DELAY + 5000;

interface Result {
  mode: string;
  cpuShare: number;
  peakRss: number;
  checks: number;
  wallMs: number;
  latencies: number[];
  missed: number;
}

function waitMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', on);
      resolve(message as T);
    };
    child.on('message', on);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runPhase(mode: 'opsbot' | 'naive', targets: ChildProcess, urls: string[]): Promise<Result> {
  const bot = fork(join(__dirname, 'monitor-scale-bot.ts'));
  await waitMessage(bot, 'ready');
  const wentDown = new Map<string, number>();
  const detected = new Map<string, number>();
  bot.on('message', (message: { type: string; name?: string; at?: number }) => {
    if (message.type !== 'down' || !message.name) return;
    if (wentDown.has(message.name) && !detected.has(message.name)) {
      detected.set(message.name, message.at!);
      targets.send({ type: 'up', names: [message.name] });
    }
  });
  bot.send({ type: 'start', mode, urls, interval: INTERVAL, retries: RETRIES, retryDelay: RETRY_DELAY, seconds: SECONDS });
  await waitMessage(bot, 'started');
  const began = Date.now();

  // Let every monitor see its target up once, then cause outages in rounds.
  await sleep(Math.min(INTERVAL + 5000, SECONDS * 1000 - DETECT_WINDOW));
  const names = urls.map((_, i) => `m${i}`);
  while (Date.now() - began + DETECT_WINDOW < SECONDS * 1000) {
    const chosen = names.filter((name) => !wentDown.has(name)).sort(() => Math.random() - 0.5).slice(0, PER_ROUND);
    targets.send({ type: 'down', names: chosen });
    const ack = await waitMessage<{ at: number }>(targets, 'downAck');
    for (const name of chosen) wentDown.set(name, ack.at);
    await sleep(ROUND_EVERY);
  }
  await sleep(Math.max(0, SECONDS * 1000 - (Date.now() - began)));
  bot.send({ type: 'stop' });
  const result = await waitMessage<Omit<Result, 'latencies' | 'missed' | 'mode'>>(bot, 'result');
  bot.kill();
  targets.send({ type: 'up', names: [...wentDown.keys()] });
  const latencies = [...wentDown].filter(([name]) => detected.has(name)).map(([name, at]) => detected.get(name)! - at);
  return { ...result, mode, latencies, missed: wentDown.size - latencies.length };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(result: Result): void {
  const target = INTERVAL + RETRIES * RETRY_DELAY + 1000;
  const p99 = percentile(result.latencies, 99);
  console.log(`\n${result.mode}`);
  console.log(`  checks run          ${result.checks} (${(result.checks / (result.wallMs / 1000)).toFixed(1)}/s)`);
  console.log(`  CPU, share of core  ${(result.cpuShare * 100).toFixed(1)}%   (target < 25%)  ${result.cpuShare < 0.25 ? 'ok' : 'OVER'}`);
  console.log(`  peak RSS            ${(result.peakRss / 1048576).toFixed(0)} MB   (target < 300 MB)  ${result.peakRss < 300 * 1048576 ? 'ok' : 'OVER'}`);
  console.log(`  outages detected    ${result.latencies.length}, missed ${result.missed}`);
  console.log(`  detection min ${(Math.min(...result.latencies) / 1000).toFixed(1)}s`);
  console.log(`  detection p50/p99   ${(percentile(result.latencies, 50) / 1000).toFixed(1)}s / ${(p99 / 1000).toFixed(1)}s, max ${(Math.max(...result.latencies) / 1000).toFixed(1)}s   (target p99 ≤ ${target / 1000}s)  ${p99 <= target ? 'ok' : 'OVER'}`);
}

async function main(): Promise<void> {
  console.log(`monitor scale: ${MONITORS} HTTP monitors on loopback, interval ${INTERVAL / 1000}s, retries ${RETRIES} × ${RETRY_DELAY / 1000}s, ${SECONDS}s per phase`);
  const targets = fork(join(__dirname, 'monitor-scale-targets.ts'));
  const { ports } = await waitMessage<{ ports: number[] }>(targets, 'ready');
  const urls = Array.from({ length: MONITORS }, (_, i) => `http://127.0.0.1:${ports[i % ports.length]}/m${i}`);

  const results = [await runPhase('opsbot', targets, urls)];
  report(results[0]);
  if (!process.argv.includes('--no-peer')) {
    results.push(await runPhase('naive', targets, urls));
    report(results[1]);
    const [ours, peer] = results;
    console.log('\nopsbot vs naive peer');
    console.log(`  CPU      ${(ours.cpuShare / peer.cpuShare).toFixed(2)}×`);
    console.log(`  peak RSS ${(ours.peakRss / peer.peakRss).toFixed(2)}×`);
    console.log(`  p99      ${(percentile(ours.latencies, 99) / percentile(peer.latencies, 99)).toFixed(2)}×`);
  }
  targets.send({ type: 'exit' });
}

void main();
