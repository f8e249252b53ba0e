import type { Logger } from 'pino';
import type { Env } from '../../config/env';
import type { Config } from '../../config/schema';
import { systemClock, type Clock } from '../../events/clock';
import type { Store } from '../../store/store';
import { SlackAdapter } from './slack-adapter';

export interface SlackAdapterOptions {
  env: Env;
  config: Config;
  logger: Logger;
  store: Store;
  clock?: Clock;
}

/**
 * Socket Mode with SLACK_APP_TOKEN, HTTP mode (POST /slack/events) with SLACK_SIGNING_SECRET.
 * SLACK_API_URL points both the Web API client and the Socket Mode client elsewhere (tests, proxies).
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { env, config } = options;
  if (!env.SLACK_BOT_TOKEN) throw new Error('the Slack adapter needs SLACK_BOT_TOKEN (xoxb-...)');
  return new SlackAdapter({
    botToken: env.SLACK_BOT_TOKEN,
    appToken: env.SLACK_APP_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    apiUrl: env.SLACK_API_URL,
    replyInThread: config.slack.replyInThread,
    allowBots: config.slack.allowBots,
    pacing: config.slack.pacing,
    logger: options.logger,
    store: options.store,
    clock: options.clock ?? systemClock,
  });
}
