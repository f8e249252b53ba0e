// Description:
//   Lists the commands of every loaded script, marking those the asking user may not run.
// Commands:
//   bot help - every command the bot knows
//   bot help <word> - the commands that mention <word>
import { splitArgs } from '../src/robot/format';
import { commandKey, type HelpCommand } from '../src/robot/help';
import type { CommandSpec } from '../src/robot/listener';
import type { Robot } from '../src/robot/robot';

export default (robot: Robot) => {
  robot.respond(/help(?:\s+(.+))?$/i, { name: 'help' }, async (res) => {
    const filter = res.match[1] ? splitArgs(res.match[1]).join(' ').toLowerCase() || undefined : undefined;
    const auth = robot.services.auth;
    const lines = new Map<string, boolean>();
    const locks = new Map<string, string>();
    for (const entry of robot.help) {
      const scriptMatches = filter ? entry.description.toLowerCase().includes(filter) : true;
      const commands = entry.commands.filter((command) => !filter || scriptMatches || `${command.usage} ${command.description}`.toLowerCase().includes(filter));
      for (const command of commands) {
        const line = `${robot.name} ${command.usage}${command.description ? ` - ${command.description}` : ''}`;
        const spec = auth ? specFor(robot, command) : undefined;
        const decision = spec && auth ? await auth.checkAnyTarget(res.user, { command: spec.name, mutates: spec.mutates ?? false, channel: res.channel }) : undefined;
        lines.set(line, decision?.allowed ?? true);
        if (decision && !decision.allowed) locks.set(line, decision.reason);
      }
    }
    if (lines.size === 0) {
      await res.send(filter ? `No command mentions "${filter}". Try \`help\` for all of them.` : 'No commands are loaded.');
      return;
    }
    const sorted = [...lines.keys()].sort((a, b) => a.localeCompare(b));
    const shown = sorted.map((line) => (locks.has(line) ? `${line} (not for you: ${locks.get(line)})` : line));
    const note = locks.size ? `\n(${locks.size} of ${sorted.length} commands are not available to you here.)` : '';
    await res.send({ text: shown.join('\n') + note, title: filter ? `Commands about "${filter}"` : 'Commands' });
  });
};

/** The listener a help line documents: its usage with sample values, else its leading words. */
function specFor(robot: Robot, command: HelpCommand): CommandSpec | undefined {
  const sample = command.usage
    .replace(/\[[^\]]*\]/g, '')
    .replace(/<([^>|]*)(\|[^>]*)?>/g, (_all, first: string, choices?: string) => (choices ? first : 'x'))
    .replace(/\s+/g, ' ')
    .trim();
  let best: { spec: CommandSpec; length: number } | undefined;
  for (const listener of robot.commandListeners) {
    if (listener.kind !== 'respond') continue;
    const match = sample.match(listener.pattern);
    if (match && (!best || match[0].length > best.length)) best = { spec: listener.spec, length: match[0].length };
  }
  if (best) return best.spec;
  const key = commandKey(command.usage).replace(/\s+/g, '.');
  return robot.commandListeners.find((l) => l.spec.name === key)?.spec;
}
