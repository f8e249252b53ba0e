import type { Logger } from 'pino';
import type { Clock } from '../events/clock';

/**
 * Who is in a chat user group, and what a channel id is called. Slack answers through its Web API
 * (slack-user-directory.ts); the shell and tests use a fixed map.
 */
export interface UserDirectory {
  /** User ids in the group named by handle ("platform", without "@") or id ("S0123"). */
  groupMembers(group: string): Promise<string[]>;
  /** The channel's name for an id, when the service names channels by id. */
  channelName?(channel: string): Promise<string | undefined>;
}

/** A fixed directory: the shell, tests, and a bot without Slack. Unknown groups are empty. */
export class StaticUserDirectory implements UserDirectory {
  constructor(private readonly groups: Record<string, string[]> = {}) {}

  async groupMembers(group: string): Promise<string[]> {
    return this.groups[group.replace(/^@/, '')] ?? [];
  }
}

export interface CachedDirectoryOptions {
  refreshMs: number;
  clock: Clock;
  logger: Logger;
}

/**
 * Caches another directory's answers for refreshMs. When a refresh fails, the last known members
 * stay in use (a Slack hiccup must not lock everyone out or let everyone in); with no answer ever,
 * the group counts as empty, which denies.
 */
export class CachedUserDirectory implements UserDirectory {
  private readonly groups = new Map<string, { members: string[]; at: number }>();
  private readonly channels = new Map<string, { name: string | undefined; at: number }>();
  private readonly inFlight = new Map<string, Promise<string[]>>();

  constructor(
    private readonly inner: UserDirectory,
    private readonly options: CachedDirectoryOptions,
  ) {}

  async groupMembers(group: string): Promise<string[]> {
    const key = group.replace(/^@/, '').toLowerCase();
    const cached = this.groups.get(key);
    if (cached && this.options.clock.now() - cached.at < this.options.refreshMs) return cached.members;
    const running = this.inFlight.get(key);
    if (running) return running;
    const work = this.inner
      .groupMembers(key)
      .then((members) => {
        this.groups.set(key, { members, at: this.options.clock.now() });
        return members;
      })
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error, group: key }, cached ? 'could not refresh user group members; using the last known ones' : 'could not read user group members; treating the group as empty');
        return cached?.members ?? [];
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  async channelName(channel: string): Promise<string | undefined> {
    if (!this.inner.channelName) return undefined;
    const cached = this.channels.get(channel);
    if (cached && this.options.clock.now() - cached.at < this.options.refreshMs) return cached.name;
    try {
      const name = await this.inner.channelName(channel);
      this.channels.set(channel, { name, at: this.options.clock.now() });
      return name;
    } catch (error) {
      this.options.logger.warn({ err: error, channel }, 'could not read the channel name');
      return cached?.name;
    }
  }
}
