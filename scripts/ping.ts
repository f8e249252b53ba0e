// Description:
//   Is the bot alive, which version runs, and for how long.
// Commands:
//   bot ping - answers PONG
//   bot version - the running version of opsbot
//   bot uptime - how long the bot has been running
import type { Robot } from '../src/robot/robot';
import { formatDuration } from '../src/robot/format';

export default (robot: Robot) => {
  robot.respond(/ping$/i, { name: 'ping' }, (res) => res.send('PONG'));
  robot.respond(/version$/i, { name: 'version' }, (res) => res.send(`opsbot ${robot.version} (node ${process.version})`));
  robot.respond(/uptime$/i, { name: 'uptime' }, (res) => res.send(`up ${formatDuration(robot.clock.now() - robot.startedAt)}`));
};
