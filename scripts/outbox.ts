// Description:
//   The outbox: messages the bot is still delivering to Slack, and the ones it could not deliver.
// Commands:
//   bot outbox status - queued messages per channel, the oldest one's age, parked (undeliverable) messages
import { formatOutboxStatus, readOutboxStatus } from '../src/outbox/outbox-status';
import type { Robot } from '../src/robot/robot';

export default (robot: Robot) => {
  robot.respond(/outbox(?: status)?\s*$/i, { name: 'outbox.status' }, async (res) => {
    const status = await readOutboxStatus(robot.store, robot.clock.now());
    await res.send(formatOutboxStatus(status));
  });
};
