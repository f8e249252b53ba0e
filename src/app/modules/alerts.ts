import type { AppModule } from '../context';
import { renderText } from '../../adapters/render-text';

/** Error and fatal log records go to the admin channel (the seed's log.error that mailed). */
export const alertsModule: AppModule = ({ bus, robot }) => {
  let delivering = false;
  bus.on('log.error', async (event) => {
    // A failure while delivering would log an error again: never loop.
    if (delivering || !robot.adminChannel) return;
    delivering = true;
    try {
      const detail = typeof event.context.err === 'object' && event.context.err ? String((event.context.err as { message?: string }).message ?? '') : '';
      await robot.messageRoom(robot.adminChannel, renderText({ title: `${event.level}: ${event.msg}`, text: detail || event.msg, tone: 'danger' }));
    } finally {
      delivering = false;
    }
  });
};
