import { z } from 'zod';
import { channelName } from '../types';

export const BotSection = z.strictObject({
  /** The name the bot answers to ("opsbot deploy api", "@opsbot ..."). */
  name: z.string().regex(/^[a-z][\w-]*$/i, 'expected a word like "opsbot"').default('opsbot'),
  aliases: z.array(z.string().min(1)).default([]),
  /** Where bugs, error logs and undeliverable messages are reported. */
  adminChannel: channelName.default('ops-alerts'),
});

export const HttpSection = z.strictObject({
  port: z.number().int().min(0).max(65535).default(8080),
});
