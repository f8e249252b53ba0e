// Pacing: N messages to C channels while the fake Slack enforces 1 message/s/channel with bursts of 3
// and answers 429 past it. Two bots run side by side on their own fakes: the outbox as shipped
// (paced per channel) and a peer with pacing off that relies on 429 + Retry-After alone.
// Usage: npx tsx bench/slack-pacing.ts [--messages 1000] [--channels 5]
import { FakeSlack } from '../test/fakes/fake-slack';
import { startSlackApp } from '../test/fakes/fake-slack-app';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

interface Result {
  label: string;
  seconds: number;
  delivered: number;
  lost: number;
  duplicates: number;
  calls: number;
  rejected: number;
}

async function run(label: string, messages: number, channelCount: number, pacing: { perSecond: number; burst: number }): Promise<Result> {
  const channels = Array.from({ length: channelCount }, (_, i) => ({ id: `C0PACE${String(i).padStart(3, '0')}`, name: `pace-${i}` }));
  const slack = await FakeSlack.start({ channels: [...channels, { id: 'C0ALERTS1', name: 'ops-alerts' }], rateLimit: { perSecond: 1, burst: 3 } });
  const app = await startSlackApp(slack, { env: { LOG_LEVEL: 'error' }, config: { bot: { name: 'opsbot', adminChannel: 'ops-alerts' }, slack: { pacing } } });
  const started = performance.now();
  for (let i = 0; i < messages; i++) await app.robot.messageRoom(`pace-${i % channelCount}`, `message ${i}`, { key: `pace-${i}` });
  await slack.waitFor(() => slack.messages.length >= messages, 3_600_000);
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1500)); // late duplicates would show up here
  const texts = slack.messages.map((m) => m.text);
  const unique = new Set(texts);
  const posts = slack.callsOf('chat.postMessage');
  const result: Result = {
    label,
    seconds,
    delivered: texts.length,
    lost: Array.from({ length: messages }, (_, i) => `message ${i}`).filter((t) => !unique.has(t)).length,
    duplicates: texts.length - unique.size,
    calls: posts.length,
    rejected: posts.filter((call) => call.status === 429).length,
  };
  await app.close();
  await slack.close();
  return result;
}

async function main(): Promise<void> {
  const messages = flag('messages', 1000);
  const channelCount = flag('channels', 5);
  const perChannel = Math.ceil(messages / channelCount);
  // The limit's minimum: a burst of 3 at once, then one per second.
  const minimum = Math.max(0, perChannel - 3);
  console.log(`slack-pacing: ${messages} messages to ${channelCount} channels (${perChannel} each); the fake allows 1/s/channel, burst 3`);
  const [paced, peer] = await Promise.all([
    run('outbox (paced per channel)', messages, channelCount, { perSecond: 1, burst: 3 }),
    run('peer (no pacing, Retry-After only)', messages, channelCount, { perSecond: 100, burst: 100 }),
  ]);
  console.log(`limit's minimum: ${minimum.toFixed(1)} s`);
  for (const r of [paced, peer]) {
    console.log(
      `${r.label.padEnd(36)} ${r.seconds.toFixed(1)} s (${(r.seconds / minimum).toFixed(3)}x minimum)  delivered ${r.delivered}  lost ${r.lost}  duplicates ${r.duplicates}  postMessage calls ${r.calls}  429s ${r.rejected}`,
    );
  }
  console.log(`calls per message: outbox ${(paced.calls / messages).toFixed(2)} vs peer ${(peer.calls / messages).toFixed(2)}`);
  const ok = paced.lost === 0 && paced.duplicates === 0 && paced.seconds <= minimum * 1.1;
  console.log(`target (zero lost, zero duplicates, within 10% of the minimum): ${ok ? 'met' : 'MISSED'}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
