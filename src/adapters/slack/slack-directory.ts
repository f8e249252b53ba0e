import type { Logger } from 'pino';
import type { Clock } from '../../events/clock';
import { PermanentDeliveryError } from '../../outbox/transport-errors';
import type { WebClient } from './web-client';

const USER_TTL_MS = 3_600_000;
const CHANNELS_TTL_MS = 600_000;
/** A name not found refreshes the list at most this often (a typo must not hammer conversations.list). */
const MISS_REFRESH_MS = 30_000;

/** Slack ids: C/G channels, D direct messages, U/W users (a DM to a user). */
export function isSlackId(value: string): boolean {
  return /^[CGDUW][A-Z0-9]{8,}$/.test(value);
}

/** Cached users.info and conversations.list: display names for handlers, channel names for config. */
export class SlackDirectory {
  private readonly users = new Map<string, { name: string; at: number }>();
  private channels = new Map<string, string>();
  private channelsAt = Number.NEGATIVE_INFINITY;
  private loading?: Promise<void>;

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The display name, falling back to the id when Slack cannot say (the command still runs). */
  async userName(id: string): Promise<string> {
    const cached = this.users.get(id);
    if (cached && this.clock.now() - cached.at < USER_TTL_MS) return cached.name;
    try {
      const result = await this.client.users.info({ user: id });
      const user = result.user;
      const name = user?.profile?.display_name || user?.real_name || user?.name || id;
      this.users.set(id, { name, at: this.clock.now() });
      return name;
    } catch (error) {
      this.logger.warn({ err: error, user: id }, 'users.info failed; using the user id as the name');
      return cached?.name ?? id;
    }
  }

  /** A channel id for "#ops", "ops" or an id (ids pass through untouched). */
  async channelId(nameOrId: string): Promise<string> {
    const name = nameOrId.replace(/^#/, '');
    if (isSlackId(name)) return name;
    const age = this.clock.now() - this.channelsAt;
    if (age > CHANNELS_TTL_MS || (!this.channels.has(name.toLowerCase()) && age > MISS_REFRESH_MS)) await this.refresh();
    const id = this.channels.get(name.toLowerCase());
    if (!id) throw new PermanentDeliveryError('channel_not_found', `no channel named #${name} is visible to the bot (invite it, or write the channel id)`);
    return id;
  }

  /** True when both name the same channel ("ops" and "C0123ABCD"), for code that compares channels. */
  async sameChannel(a: string, b: string): Promise<boolean> {
    if (a.replace(/^#/, '') === b.replace(/^#/, '')) return true;
    const [x, y] = await Promise.all([this.channelId(a).catch(() => a), this.channelId(b).catch(() => b)]);
    return x === y;
  }

  private refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const found = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, cursor });
      for (const channel of page.channels ?? []) if (channel.id && channel.name) found.set(channel.name.toLowerCase(), channel.id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    this.channels = found;
    this.channelsAt = this.clock.now();
  }
}
