// Description:
//   Uptime monitors: HTTP(S) and TCP checks that announce an outage once when it starts and once when it ends.
// Commands:
//   bot monitor status - every monitor: state, since when, last latency, uptime over 24h and 7d
//   bot monitor status <name> - one monitor in detail
//   bot monitor check <name> - check it now
//   bot monitor pause <name> [for 1h] - maintenance: no checks, no announcements (until resumed, or for a while)
//   bot monitor resume <name> - check it again
//   bot monitor add <name> <url> [every 30s] - watch an http(s):// URL for a 200, or tcp://host:port for a connection
//   bot monitor remove <name> - stop watching a monitor added from chat
// Configuration:
//   monitors: a list in opsbot.yaml (name, http: {url, status, contains, json, maxLatency, certDays} or tcp: {host, port}, interval, timeout, retries, retryDelay, recoverAfter, remind, channel, labels)
import { parseDuration } from '../src/config/types';
import { formatMonitor, formatStatusTable } from '../src/monitor/format-status';
import { formatDuration, splitArgs } from '../src/robot/format';
import { UserError } from '../src/robot/errors';
import type { Robot } from '../src/robot/robot';
import registerSandboxSite from '../src/monitor/sandbox-site-commands';

const NAME = '([\\w-]+)';

export default (robot: Robot) => {
  const monitors = () => robot.need('monitors');
  const now = () => robot.clock.now();

  robot.respond(/monitors?(?:\s+status)?\s*$/i, { name: 'monitor.status' }, async (res) => {
    await res.send(formatStatusTable(monitors().service.list(), now()));
  });

  robot.respond(new RegExp(`monitors?\\s+status\\s+${NAME}\\s*$`, 'i'), { name: 'monitor.status' }, async (res) => {
    await res.send(formatMonitor(monitors().service.view(res.match[1]), now()));
  });

  robot.respond(new RegExp(`monitors?\\s+check\\s+${NAME}\\s*$`, 'i'), { name: 'monitor.check', target: (m) => m[1] }, async (res) => {
    const { result, view } = await monitors().service.checkNow(res.match[1]);
    const outcome = result.ok ? `${result.detail ?? 'ok'} in ${result.latencyMs}ms` : `failed: ${result.reason} (${result.latencyMs}ms)`;
    const after = view.status === 'PENDING' ? ', re-checking shortly before calling it DOWN' : view.status === 'PAUSED' ? ' (paused: the state did not change)' : '';
    await res.send(formatMonitor(view, now(), `${view.name}: ${outcome} → ${view.status}${after}`));
  });

  robot.respond(new RegExp(`monitors?\\s+pause\\s+${NAME}(?:\\s+for\\s+(.+?))?\\s*$`, 'i'), { name: 'monitor.pause', mutates: true, target: (m) => m[1] }, async (res) => {
    let until: number | undefined;
    if (res.match[2]) {
      const ms = parseDuration(res.match[2]);
      if (ms === undefined || ms <= 0) throw new UserError(`monitor pause: "${res.match[2]}" is not a duration; try \`monitor pause ${res.match[1]} for 1h\` (or 30m, 2h, 1d)`);
      until = now() + ms;
    }
    const view = await monitors().service.pause(res.match[1], until, res.user.name);
    await res.send(`${view.name} paused ${until !== undefined ? `for ${formatDuration(parseDuration(res.match[2] ?? '') ?? 0)}` : 'until `monitor resume ' + view.name + '`'}: no checks and no announcements meanwhile.`);
  });

  robot.respond(new RegExp(`monitors?\\s+resume\\s+${NAME}\\s*$`, 'i'), { name: 'monitor.resume', mutates: true, target: (m) => m[1] }, async (res) => {
    const view = await monitors().service.resume(res.match[1]);
    await res.send(`${view.name} resumed; checking it now (every ${formatDuration(view.interval)}).`);
  });

  robot.respond(/monitors?\s+add\s+(.+)$/i, { name: 'monitor.add', mutates: true, target: (m) => m[1].trim().split(/\s+/)[0] }, async (res) => {
    const args = splitArgs(res.match[1]);
    const [name, url, ...rest] = args;
    if (!name || !url) throw new UserError('monitor add needs a name and a URL: `monitor add <name> <url> [every 30s]`, e.g. `monitor add api https://api.example.com/health`');
    let interval: string | undefined;
    if (rest.length > 0) {
      if (rest.length !== 2 || rest[0].toLowerCase() !== 'every') throw new UserError(`monitor add: I don't understand "${rest.join(' ')}"; the only option is \`every <duration>\`, e.g. \`every 30s\``);
      interval = rest[1];
    }
    const channel = res.channel === 'shell' ? undefined : res.channel;
    const added = await monitors().chat.add(name, url, { interval, channel, by: res.user.name });
    const { result, view } = await monitors().service.checkNow(added.name);
    const first = result.ok ? `first check: ${result.detail ?? 'ok'} in ${result.latencyMs}ms` : `first check failed: ${result.reason}`;
    await res.send(`Added monitor ${added.name}: ${added.target} every ${formatDuration(added.interval)}; ${first} (${view.status}).`);
  });

  robot.respond(new RegExp(`monitors?\\s+remove\\s+${NAME}\\s*$`, 'i'), { name: 'monitor.remove', mutates: true, target: (m) => m[1] }, async (res) => {
    const removed = await monitors().chat.remove(res.match[1]);
    await res.send(`Removed monitor ${removed.name} (${removed.target}) and its history.`);
  });

  // Registered last: it only wins when nothing above matched the whole command.
  robot.respond(/monitors?\s+(\S+).*$/i, { name: 'monitor.usage' }, async (res) => {
    throw new UserError(`monitor commands: monitor status [<name>] | check <name> | pause <name> [for 1h] | resume <name> | add <name> <url> [every 30s] | remove <name> ("${res.match[1]}" is not one of them, or lacks the monitor's name)`);
  });

  if (robot.sandbox) registerSandboxSite(robot);
};
