import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { backoffMs, type BackoffPolicy } from '../../outbox/backoff';
import { platformErrorCode } from './web-client';

type SocketClient = SocketModeReceiver['client'];

/** Codes after which reconnecting cannot help: the token is wrong or the workspace is gone. */
const FATAL = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'user_removed_from_team', 'team_disabled', 'token_revoked']);

export function isFatalAuthError(error: unknown): boolean {
  const code = platformErrorCode(error);
  return code !== undefined && FATAL.has(code);
}

/**
 * Keeps the Socket Mode connection up. The SDK's own reconnect gives up for good on a network error
 * while fetching a new URL, so it is off and this loop reconnects: at once after Slack's `disconnect`
 * (a routine refresh), then with exponential backoff and jitter while attempts fail.
 */
export class SocketConnection {
  private connected = false;
  private stopping = false;
  private connecting = false;
  private failures = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly client: SocketClient,
    private readonly logger: Logger,
    private readonly onFatal: (error: unknown) => void,
    private readonly backoff: BackoffPolicy = { baseMs: 1000, maxMs: 30_000 },
  ) {
    client.on('connected', () => {
      this.connected = true;
      this.failures = 0;
    });
    client.on('disconnected', () => {
      const was = this.connected;
      this.connected = false;
      if (was && !this.stopping) this.logger.warn('Slack socket closed; reconnecting');
      this.schedule();
    });
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** The first connection: errors are thrown (a bad app token stops the bot at start). */
  async open(): Promise<void> {
    this.connecting = true;
    try {
      await this.client.start();
    } finally {
      this.connecting = false;
    }
  }

  async close(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.client.disconnect().catch(() => undefined);
    this.connected = false;
  }

  private schedule(): void {
    if (this.stopping || this.timer || this.connecting || this.connected) return;
    const delay = this.failures === 0 ? Math.round(Math.random() * 250) : backoffMs(this.failures, this.backoff);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reconnect();
    }, delay);
    this.timer.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.stopping) return;
    this.connecting = true;
    try {
      await this.client.start();
      this.logger.info('Slack socket reconnected');
    } catch (error) {
      if (isFatalAuthError(error)) {
        this.stopping = true;
        this.onFatal(error);
        return;
      }
      this.failures += 1;
      this.logger.warn({ err: error, attempt: this.failures }, 'Slack socket reconnect failed; backing off');
    } finally {
      this.connecting = false;
    }
    if (!this.connected) this.schedule();
  }
}
