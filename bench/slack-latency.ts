// Command latency through the whole bot: the fake Slack sends an events_api envelope over Socket
// Mode, Bolt acks it, the robot runs `ping`, the outbox persists and posts the reply. Measured at
// the fake: envelope sent → chat.postMessage received. The peer in the same run is the ack (the
// floor any reply stands on). Usage: npx tsx bench/slack-latency.ts [--rate 50] [--seconds 60] [--channels 100]
import { FakeSlack } from '../test/fakes/fake-slack';
import { startSlackApp } from '../test/fakes/fake-slack-app';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const rate = flag('rate', 50);
  const seconds = flag('seconds', 60);
  // Spread over channels so the replies stay inside Slack's 1/s/channel: this measures the bot, not the limit.
  const channelCount = flag('channels', 100);
  const channels = Array.from({ length: channelCount }, (_, i) => ({ id: `C0BENCH${String(i).padStart(3, '0')}`, name: `bench-${i}` }));
  const slack = await FakeSlack.start({ channels: [...channels, { id: 'C0ALERTS1', name: 'ops-alerts' }] });
  const app = await startSlackApp(slack, { env: { LOG_LEVEL: 'error' }, setup: (robot) => robot.respond(/ping$/i, { name: 'ping' }, (res) => res.send('PONG')) });

  const sent: Array<{ envelopeId: string; ts: string; channel: string }> = [];
  const total = Math.round(rate * seconds);
  const started = performance.now();
  process.stdout.write(`slack-latency: ${total} mentions at ${rate}/s over ${channelCount} channels for ${seconds}s ...\n`);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const channel = channels[i % channelCount].id;
    const { envelopeId, ts } = slack.mention('ping', { channel });
    sent.push({ envelopeId, ts, channel });
  }
  await slack.waitFor(() => slack.messages.length >= total, 10_000).catch(() => undefined);

  const replies = new Map(slack.messages.map((m) => [`${m.channel}/${m.threadTs}`, m.at]));
  const latencies: number[] = [];
  const acks: number[] = [];
  let ackedIn3s = 0;
  let missing = 0;
  for (const item of sent) {
    const envelope = slack.socket.envelopes.get(item.envelopeId)!;
    if (envelope.ackedAt !== undefined) {
      acks.push(envelope.ackedAt - envelope.sentAt);
      if (envelope.ackedAt - envelope.sentAt <= 3000) ackedIn3s += 1;
    }
    const replyAt = replies.get(`${item.channel}/${item.ts}`);
    if (replyAt === undefined) missing += 1;
    else latencies.push(replyAt - envelope.sentAt);
  }
  latencies.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`envelopes sent:        ${sent.length}`);
  console.log(`replies received:      ${latencies.length} (missing ${missing})`);
  console.log(`acked within 3 s:      ${((ackedIn3s / sent.length) * 100).toFixed(2)}%`);
  console.log(`reply latency:         p50 ${fmt(percentile(latencies, 50))}  p99 ${fmt(percentile(latencies, 99))}  max ${fmt(latencies[latencies.length - 1])}`);
  console.log(`ack latency (peer):    p50 ${fmt(percentile(acks, 50))}  p99 ${fmt(percentile(acks, 99))}  max ${fmt(acks[acks.length - 1])}`);
  console.log(`reply/ack ratio:       p50 ${(percentile(latencies, 50) / percentile(acks, 50)).toFixed(1)}x  p99 ${(percentile(latencies, 99) / percentile(acks, 99)).toFixed(1)}x`);
  const p99 = percentile(latencies, 99);
  console.log(`target p99 < 50 ms:    ${p99 < 50 ? 'met' : 'MISSED'}; 100% acked: ${ackedIn3s === sent.length ? 'met' : 'MISSED'}`);
  await app.close();
  await slack.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
