// Description:
//   Lists the commands of every loaded script.
// Commands:
//   bot help - every command the bot knows
//   bot help <word> - the commands that mention <word>
import { splitArgs } from '../src/robot/format';
import type { Robot } from '../src/robot/robot';

export default (robot: Robot) => {
  robot.respond(/help(?:\s+(.+))?$/i, { name: 'help' }, async (res) => {
    const filter = res.match[1] ? splitArgs(res.match[1]).join(' ').toLowerCase() || undefined : undefined;
    const lines: string[] = [];
    for (const entry of robot.help) {
      const scriptMatches = filter ? entry.description.toLowerCase().includes(filter) : true;
      const commands = entry.commands.filter((command) => !filter || scriptMatches || `${command.usage} ${command.description}`.toLowerCase().includes(filter));
      for (const command of commands) lines.push(`${robot.name} ${command.usage}${command.description ? ` - ${command.description}` : ''}`);
    }
    if (lines.length === 0) {
      await res.send(filter ? `No command mentions "${filter}". Try \`help\` for all of them.` : 'No commands are loaded.');
      return;
    }
    const sorted = [...new Set(lines)].sort((a, b) => a.localeCompare(b));
    await res.send({ text: sorted.join('\n'), title: filter ? `Commands about "${filter}"` : 'Commands' });
  });
};
