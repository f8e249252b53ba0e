import { z } from 'zod';

// Owned by the Slack adapter (issue 3).
export const SlackSection = z.strictObject({
  /** Answer a top-level mention in a thread under it (true) or in the channel (false). */
  replyInThread: z.boolean().default(true),
  /** Let messages from other bots trigger commands (the bot's own messages never do). */
  allowBots: z.boolean().default(false),
  /** The outbox's pace per channel: Slack allows about one chat.postMessage per second with short bursts. */
  pacing: z
    .strictObject({
      perSecond: z.number({ error: 'expected messages per second, like 1' }).positive('expected messages per second above 0').max(100, 'at most 100 per second'),
      burst: z.number({ error: 'expected a whole number of messages, like 3' }).int('expected a whole number of messages, like 3').min(1).max(100),
    })
    .partial()
    .transform((value) => ({ perSecond: value.perSecond ?? 1, burst: value.burst ?? 3 }))
    .prefault({}),
});
