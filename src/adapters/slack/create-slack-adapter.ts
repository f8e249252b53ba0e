import type { Logger } from 'pino';
import type { Env } from '../../config/env';
import type { Config } from '../../config/schema';
import type { Store } from '../../store/store';
import type { Adapter } from '../adapter';

export interface SlackAdapterOptions {
  env: Env;
  config: Config;
  logger: Logger;
  store: Store;
}

// Owned by the Slack issue (3).
export function createSlackAdapter(_options: SlackAdapterOptions): Adapter {
  throw new Error('the Slack adapter is not built yet: unset SLACK_BOT_TOKEN or set BOT_ADAPTER=shell');
}
