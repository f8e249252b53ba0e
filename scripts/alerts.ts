// Description:
//   What is firing, where alerts go, and silences (the alert router).
// Commands:
//   bot alerts - list the alerts firing now, with their channels, acks and silences
//   bot alerts route test <label=value ...> - show where such an alert would go (e.g. severity=critical service=db)
//   bot alerts silence <matchers> for <duration> ["reason"] - silence matching alerts (service=db, alertname=~"Disk.*", env!=dev)
//   bot alerts silences - list active silences
//   bot alerts unsilence <id> - end a silence now
// Configuration:
//   alerts.defaultChannel, alerts.routes, alerts.webhooks (see docs/alerts.md)
import { parseDuration } from '../src/config/types';
import { parseLabels, parseMatchers } from '../src/alerts/matchers';
import { describeSilence } from '../src/alerts/silences';
import { UserError } from '../src/robot/errors';
import { formatDuration, splitArgs } from '../src/robot/format';
import type { Robot } from '../src/robot/robot';

const MAX_SILENCE_MS = 30 * 86_400_000;

export default (robot: Robot) => {
  robot.respond(/alerts$/i, { name: 'alerts.list' }, async (res) => {
    const alerts = robot.need('alerts');
    const firing = alerts.firing();
    if (firing.length === 0) {
      await res.send('Nothing is firing.');
      return;
    }
    const now = robot.clock.now();
    const lines = firing.slice(0, 50).map(({ entry, channels, ackedBy, silence }) => {
      const notes = [`#${channels.join(', #')}`, `for ${formatDuration(now - entry.alert.startsAt)}`, ...(ackedBy ? [`acked by ${ackedBy}`] : []), ...(silence ? [`silenced (${silence.id})`] : [])];
      return `• [${entry.alert.severity}] ${entry.alert.summary} · ${entry.alert.source} · ${notes.join(' · ')}`;
    });
    if (firing.length > 50) lines.push(`…and ${firing.length - 50} more`);
    await res.send({ title: `${firing.length} alert${firing.length === 1 ? '' : 's'} firing`, text: lines.join('\n') });
  });

  robot.respond(/alerts route test(?:\s+(.*))?$/i, { name: 'alerts.route-test' }, async (res) => {
    const alerts = robot.need('alerts');
    const words = splitArgs(res.match[1] ?? '');
    if (words.length === 0) throw new UserError('name some labels: `alerts route test severity=critical service=db`');
    const labels = parseLabels(words);
    const lines = alerts.routeTest(labels).map((destination) => {
      const mention = destination.mention ? `, mentions ${destination.mention} for ${destination.mentionFor.join('/')}` : '';
      const grouping = destination.groupBy.length ? destination.groupBy.join(', ') : 'nothing (one group)';
      return `→ #${destination.channel} via ${alerts.describeRoute(destination)}${mention}; grouped by ${grouping}; first message after ${formatDuration(destination.groupWaitMs)}, edits at most every ${formatDuration(destination.groupIntervalMs)}, reminders every ${formatDuration(destination.repeatMs)}`;
    });
    await res.send(lines.join('\n'));
  });

  robot.respond(/alerts silence\s+(.+)$/i, { name: 'alerts.silence', mutates: true, target: (match) => match[1] }, async (res) => {
    const alerts = robot.need('alerts');
    const words = splitArgs(res.match[1]);
    const at = words.findIndex((word) => word.toLowerCase() === 'for');
    if (at < 0 || at === words.length - 1) throw new UserError('say for how long: `alerts silence service=db for 2h "maintenance"`');
    const matchers = parseMatchers(words.slice(0, at));
    const durationMs = parseDuration(words[at + 1]);
    if (!durationMs || durationMs <= 0) throw new UserError(`\`${words[at + 1]}\` is not a duration: try 30m, 2h or 1d`);
    if (durationMs > MAX_SILENCE_MS) throw new UserError('silences last at most 30 days');
    const reason = words.slice(at + 2).join(' ') || 'no reason given';
    const { silence, groups } = await alerts.silence(matchers, durationMs, res.user.name, reason);
    await res.send(`Silenced ${describeSilence(silence)} for ${formatDuration(durationMs)} (id ${silence.id}): "${reason}". ${groups === 0 ? 'Nothing firing matches it now.' : `It covers ${groups} alert group${groups === 1 ? '' : 's'} firing now.`}`);
  });

  robot.respond(/alerts silences$/i, { name: 'alerts.silences' }, async (res) => {
    const silences = robot.need('alerts').router.silences.active(robot.clock.now());
    if (silences.length === 0) {
      await res.send('No active silences.');
      return;
    }
    const now = robot.clock.now();
    await res.send(silences.map((s) => `• ${s.id}: ${describeSilence(s)} · ${formatDuration(s.endsAt - now)} left · by ${s.createdBy}: "${s.comment}"`).join('\n'));
  });

  robot.respond(/alerts unsilence\s+(\S+)$/i, { name: 'alerts.unsilence', mutates: true, target: (match) => match[1] }, async (res) => {
    const ended = await robot.need('alerts').unsilence(res.match[1]);
    await res.send(`Silence ${ended.id} (${describeSilence(ended)}) ended.`);
  });
};
