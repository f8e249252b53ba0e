import { z } from 'zod';

// Owned by the Slack adapter (issue 3).
export const SlackSection = z.strictObject({
  /** Answer a top-level mention in a thread under it (true) or in the channel (false). */
  replyInThread: z.boolean().default(true),
  /** Let messages from other bots trigger commands. */
  allowBots: z.boolean().default(false),
});
