import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

// Through Bolt's re-export: @slack/web-api is Bolt's dependency, not ours.
const { LogLevel, WebClient } = webApi;
type SlackLogger = webApi.Logger;
type LogLevel = webApi.LogLevel;
import type { UserDirectory } from './user-directory';

export interface SlackDirectoryOptions {
  token: string;
  /** The Web API base (tests point it at a fake Slack). */
  apiUrl?: string;
  logger: Logger;
}

/**
 * User groups and channel names from Slack's Web API (usergroups.list + usergroups.users.list,
 * conversations.info). Wrapped in CachedUserDirectory, so Slack is asked once per refresh.
 */
export class SlackUserDirectory implements UserDirectory {
  private readonly client: webApi.WebClient;

  constructor(options: SlackDirectoryOptions) {
    this.client = new WebClient(options.token, {
      slackApiUrl: options.apiUrl ? `${options.apiUrl.replace(/\/+$/, '')}/` : undefined,
      // An authorization check waits on this: fail fast and fall back to the cache.
      retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 1000 },
      timeout: 5000,
      logger: pinoSlackLogger(options.logger),
    });
  }

  async groupMembers(group: string): Promise<string[]> {
    const id = /^S[A-Z0-9]{6,}$/.test(group.toUpperCase()) && !group.startsWith('@') ? group.toUpperCase() : await this.groupId(group.replace(/^@/, ''));
    if (!id) throw new Error(`Slack has no user group @${group.replace(/^@/, '')}`);
    const answer = await this.client.usergroups.users.list({ usergroup: id });
    return answer.users ?? [];
  }

  async channelName(channel: string): Promise<string | undefined> {
    if (!/^[CGD][A-Z0-9]{6,}$/.test(channel)) return undefined;
    const answer = await this.client.conversations.info({ channel });
    return answer.channel?.name;
  }

  private async groupId(handle: string): Promise<string | undefined> {
    const answer = await this.client.usergroups.list({ include_disabled: false });
    return answer.usergroups?.find((g) => g.handle?.toLowerCase() === handle.toLowerCase())?.id;
  }
}

function pinoSlackLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'slack-directory' });
  let level = LogLevel.WARN;
  return {
    debug: (...msg: unknown[]) => log.debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => log.debug(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => log.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => log.error(msg.map(String).join(' ')),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
