// Alert storm: N alerts over S seconds, spread over 20 services and 4 channels, posted to the bot's
// /hooks/alertmanager while a fake Slack enforces 1 chat.postMessage/s per channel with 429s. The
// same storm goes to a real Alertmanager with the same grouping, and its webhook notifications are
// counted: the peer for "how many messages does a storm cost".
//
//   npx tsx bench/alert-storm.ts [--alerts 10000] [--seconds 60] [--services 20] [--channels 4] [--drain 120]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app/create-app';
import { readEnv } from '../src/config/env';
import { parseConfig } from '../src/config/load-config';
import { startAlertmanager } from '../test/helpers/alertmanager';
import { FakeSlack, preciseNow } from '../test/fakes/fake-slack';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const ALERTS = flag('alerts', 10_000);
const SECONDS = flag('seconds', 60);
const SERVICES = flag('services', 20);
const CHANNELS = flag('channels', 4);
const DRAIN = flag('drain', 120);
const TOKEN = 'bench-token-123456';
const GROUP_WAIT = '1s'; // the bot's default; Alertmanager gets the same
const GROUP_INTERVAL = '10s'; // the bot's default

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const channels = Array.from({ length: CHANNELS }, (_, i) => ({ id: `C0STORM0${i}`, name: `storm-${i}` }));
  const slack = await FakeSlack.start({ channels: [...channels, { id: 'C0ALERTS1', name: 'ops-alerts' }], rateLimit: { perSecond: 1, burst: 1 } });
  const dataDir = mkdtempSync(join(tmpdir(), 'alert-storm-'));
  const processEnv = { OPSBOT_DATA_DIR: dataDir, HTTP_PORT: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_APP_TOKEN: 'xapp-bench', SLACK_API_URL: slack.url };
  const routes = Array.from({ length: SERVICES }, (_, s) => ({ match: { service: `svc-${s}` }, channel: channels[s % CHANNELS].name }));
  const config = parseConfig({ alerts: { groupBy: ['service'], groupWait: GROUP_WAIT, groupInterval: GROUP_INTERVAL, routes, webhooks: { alertmanager: { token: TOKEN, rateLimit: { perMinute: 60_000, burst: 5000 } } } } }, 'bench');
  const logs: string[] = [];
  const app = await createApp({ env: readEnv(processEnv), processEnv, cwd: dataDir, loaded: { config, baseDir: dataDir, sandbox: false, secrets: [] }, logDestination: { write: (line: string) => logs.push(line) } as unknown as NodeJS.WritableStream });
  await app.start();

  // The peer: real Alertmanager, same grouping, its webhook notifications counted.
  let amNotifications = 0;
  const counter = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      amNotifications += 1;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  const am = await startAlertmanager({ webhookUrl: `http://127.0.0.1:${(counter.address() as AddressInfo).port}/`, groupBy: ['service'], groupWait: GROUP_WAIT, groupInterval: GROUP_INTERVAL, repeatInterval: '4h' });

  console.log(`alert storm: ${ALERTS} alerts over ${SECONDS}s, ${SERVICES} services, ${CHANNELS} channels; fake Slack 1 msg/s/channel`);
  const fingerprints = new Map<string, string>();
  const firstSentAt = new Map<string, number>();
  const tickMs = 100;
  const ticks = Math.max(1, Math.round((SECONDS * 1000) / tickMs));
  const start = preciseNow();
  let sent = 0;
  let rejected = 0;
  const amPosts: Promise<unknown>[] = [];
  for (let tick = 0; tick < ticks; tick += 1) {
    const upTo = Math.round(((tick + 1) / ticks) * ALERTS);
    const batch = [];
    for (; sent < upTo; sent += 1) {
      const service = `svc-${sent % SERVICES}`;
      const fingerprint = `storm${String(sent).padStart(11, '0')}`;
      const channel = channels[(sent % SERVICES) % CHANNELS].name;
      if (!firstSentAt.has(channel)) firstSentAt.set(channel, preciseNow());
      fingerprints.set(fingerprint, channel);
      batch.push({ status: 'firing', labels: { alertname: 'StormAlert', service, instance: `i-${sent}`, severity: 'warning' }, annotations: { summary: `storm alert ${sent} on ${service}` }, startsAt: new Date().toISOString(), fingerprint });
    }
    const body = JSON.stringify({ version: '4', groupKey: 'storm', status: 'firing', receiver: 'bot', alerts: batch });
    const response = await fetch(`http://127.0.0.1:${app.port}/hooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body });
    if (response.status !== 200) rejected += batch.length;
    amPosts.push(am.fire(batch.map((alert) => ({ labels: alert.labels, annotations: alert.annotations }))));
    const due = start + (tick + 1) * tickMs;
    const wait = due - preciseNow();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(amPosts);
  const sendSeconds = (preciseNow() - start) / 1000;

  // Drain: until every fingerprint is in a delivered message (or the drain time runs out).
  const seen = new Set<string>();
  const scan = () => {
    for (const message of slack.messages) {
      const texts = [message.text, JSON.stringify(message.blocks ?? ''), ...message.edits.map((e) => e.text + JSON.stringify(e.blocks ?? ''))].join('\n');
      for (const found of texts.matchAll(/storm\d{11}/g)) seen.add(found[0]);
    }
  };
  const drainEnd = preciseNow() + DRAIN * 1000;
  while (preciseNow() < drainEnd) {
    scan();
    if (seen.size >= fingerprints.size) break;
    await sleep(500);
  }
  const allDeliveredAt = (preciseNow() - start) / 1000;
  // Let Alertmanager's groups finish their last group_interval too.
  await sleep(12_000);
  scan();

  const ids = new Map(channels.map((c) => [c.id, c.name]));
  const posts = slack.calls.filter((call) => call.method === 'chat.postMessage');
  const accepted = posts.filter((call) => call.status === 200);
  const limited = posts.filter((call) => call.status === 429);
  let early = 0;
  for (const hit of limited) {
    const next = posts.find((call) => call.at > hit.at && call.args.channel === hit.args.channel);
    if (next && next.at < hit.at + 1000 - 5) early += 1;
  }
  let overLimit = 0;
  for (const channel of channels) {
    const times = accepted.filter((call) => call.args.channel === channel.id).map((call) => call.at);
    for (let i = 1; i < times.length; i += 1) if (times[i] - times[i - 1] < 1000 - 5) overLimit += 1;
  }
  const firstLatency = channels.map((channel) => {
    const first = slack.messages.find((m) => ids.get(m.channel) === channel.name);
    return first ? (first.at - firstSentAt.get(channel.name)!) / 1000 : Number.NaN;
  });
  const updates = slack.calls.filter((call) => call.method === 'chat.update' && call.status === 200).length;
  const threadPosts = slack.messages.filter((m) => m.threadTs).length;
  const lost = [...fingerprints.keys()].filter((fp) => !seen.has(fp)).length;

  console.log(`sent ${ALERTS} alerts in ${sendSeconds.toFixed(1)}s (${rejected} refused by the webhook)`);
  console.log(`delivered: ${seen.size}/${fingerprints.size} fingerprints in a Slack message (lost ${lost}); all delivered ${allDeliveredAt.toFixed(1)}s after the storm began`);
  console.log(`time to first message per channel: ${firstLatency.map((s) => `${s.toFixed(2)}s`).join(', ')} (p50 ${percentile(firstLatency, 50).toFixed(2)}s, target < 2 s)`);
  console.log(`429 answers: ${limited.length}; retried before Retry-After: ${early}; accepted posts over 1/s/channel: ${overLimit}`);
  console.log(`bot Slack messages: ${accepted.length} posted (${accepted.length - threadPosts} living messages + ${threadPosts} in threads), ${updates} edits`);
  console.log(`Alertmanager notifications for the same storm (group_by service, group_wait ${GROUP_WAIT}, group_interval ${GROUP_INTERVAL}): ${amNotifications}`);
  console.log(`ratio bot posted messages / Alertmanager notifications: ${(accepted.length / Math.max(1, amNotifications)).toFixed(2)} (target ≤ 1); with edits: ${((accepted.length + updates) / Math.max(1, amNotifications)).toFixed(2)}`);

  await am.stop();
  counter.close();
  await app.stop();
  await slack.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(lost === 0 && early === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
