import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * Bolt and the Socket Mode client log through this. Their "error" lines are about connections the
 * adapter already handles (and reports itself), so they land at warn: an error would page the admins.
 */
export function createBoltLogger(logger: Logger): BoltLogger {
  let level = logger.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO;
  const text = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  return {
    debug: (...parts) => logger.debug(text(parts)),
    // The SDK's info lines ("Now connected") are routine; the adapter logs what matters.
    info: (...parts) => logger.debug(text(parts)),
    warn: (...parts) => logger.warn(text(parts)),
    error: (...parts) => logger.warn(text(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
