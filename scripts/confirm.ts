// Description:
//   Approve or cancel a command that asked for confirmation (the shell's Approve / Cancel buttons).
// Commands:
//   bot yes <id> - approve the pending command with that id
//   bot no <id> - cancel the pending command with that id
// Configuration:
//   auth.rules[].confirm, auth.rules[].approvers and auth.confirmTtl (docs/auth.md)
import type { Robot } from '../src/robot/robot';

export default (robot: Robot) => {
  // Read-only by declaration: whether this user may approve is decided against the confirmed command.
  robot.respond(/(yes|no)\s+([a-z0-9]{1,12})\s*$/i, { name: 'confirm', mutates: false }, async (res) => {
    const flow = robot.need('confirmations');
    const reply = (message: Parameters<typeof res.reply>[0]) => res.reply(message);
    const id = res.match[2];
    if (res.match[1].toLowerCase() === 'yes') await flow.approve(id, res.user, res.channel, reply);
    else await flow.cancel(id, res.user, res.channel, reply);
  });
};
