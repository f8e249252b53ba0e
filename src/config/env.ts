import { z } from 'zod';

/**
 * Every environment variable the bot reads, in one place (.env.example documents each).
 * Capabilities never read process.env; the composition root passes what they need.
 */
export const EnvSchema = z.object({
  OPSBOT_CONFIG: z.string().optional(),
  OPSBOT_DATA_DIR: z.string().default('./var'),
  BOT_ADAPTER: z.enum(['shell', 'slack']).optional(),
  BOT_NAME: z.string().regex(/^[a-z][\w-]*$/i, 'a word like "opsbot"').optional(),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_API_URL: z.string().url().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

/** Names of variables whose values are secrets: redacted wherever they could appear. */
export const SECRET_ENV = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

export function readEnv(source: NodeJS.ProcessEnv): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(lines);
  }
  return parsed.data;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'EnvError';
  }
}
