import { App, ExpressReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../../events/clock';
import type { Pacing } from '../../outbox/token-bucket';
import type { OutgoingMessage } from '../../robot/message';
import type { Robot } from '../../robot/robot';
import type { Store } from '../../store/store';
import type { Adapter } from '../adapter';
import { createBoltLogger } from './bolt-logger';
import { EventDedupe } from './event-dedupe';
import { renderBlocks } from './render-blocks';
import { SlackDirectory } from './slack-directory';
import { isFatalAuthError, SocketConnection } from './socket-connection';
import { slackReplyPolicy, toActionEvent, toIncoming, type BlockActionsBody, type SlackMessageEvent } from './to-incoming';
import { clientOptions, createWebClient, platformErrorCode, toDeliveryError, type WebClient } from './web-client';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapterSettings {
  botToken: string;
  /** Socket Mode when set (xapp-...). */
  appToken?: string;
  /** HTTP mode when set and there is no app token. */
  signingSecret?: string;
  apiUrl?: string;
  replyInThread: boolean;
  allowBots: boolean;
  pacing?: { perSecond: number; burst: number };
  logger: Logger;
  store: Store;
  clock: Clock;
}

/** The bot in Slack through Bolt: Socket Mode (no public URL) or HTTP events on the bot's own server. */
export class SlackAdapter implements Adapter {
  readonly name = 'slack';
  readonly mode: 'socket' | 'http';
  readonly client: WebClient;
  readonly directory: SlackDirectory;
  readonly finished: Promise<void>;
  /** Slack's per-channel posting limit, for the outbox (2% slack so jitter never trips a 429). */
  readonly pacing: Pacing;
  describe?: string;
  private endFinished!: () => void;
  private readonly dedupe: EventDedupe;
  private readonly boltLogger;
  private httpReceiver?: ExpressReceiver;
  private socket?: SocketConnection;
  private bolt?: App;
  private started = false;
  private bot?: { userId: string; botId?: string };

  constructor(private readonly settings: SlackAdapterSettings) {
    if (!settings.appToken && !settings.signingSecret) throw new Error('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) besides SLACK_BOT_TOKEN');
    this.mode = settings.appToken ? 'socket' : 'http';
    const { perSecond, burst } = settings.pacing ?? { perSecond: 1, burst: 3 };
    this.pacing = { perSecond, burst, marginMs: Math.ceil(20 / perSecond) };
    this.client = createWebClient(settings.botToken, settings.apiUrl);
    this.directory = new SlackDirectory(this.client, settings.clock, settings.logger);
    this.dedupe = new EventDedupe(settings.store, settings.clock);
    this.boltLogger = createBoltLogger(settings.logger);
    this.finished = new Promise((resolve) => (this.endFinished = resolve));
  }

  /**
   * HTTP mode: Bolt's ExpressReceiver on the bot's router (signature and 5-minute timestamp check,
   * url_verification). Until start() the route answers 503, so nothing runs half-wired.
   */
  mount(router: Router): void {
    if (this.mode !== 'http' || this.httpReceiver) return;
    router.post(SLACK_EVENTS_PATH, (_req, res, next) => (this.started ? next() : res.status(503).json({ error: 'the bot is starting' })));
    this.httpReceiver = new ExpressReceiver({
      signingSecret: this.settings.signingSecret!,
      router,
      // The receiver mounts its router on `app`; the bot's server already mounts this router.
      app: express(),
      endpoints: SLACK_EVENTS_PATH,
      logger: this.boltLogger,
    });
  }

  async start(robot: Robot): Promise<void> {
    this.bot = await this.authenticate();
    robot.mentionIds.push(this.bot.userId);
    robot.replyPolicy = slackReplyPolicy(this.settings.replyInThread);
    this.describe = `Slack (${this.mode === 'socket' ? 'Socket Mode' : `HTTP at ${SLACK_EVENTS_PATH}`}) as <@${this.bot.userId}>`;

    let receiver: Receiver;
    if (this.mode === 'socket') {
      const socketReceiver = new SocketModeReceiver({
        appToken: this.settings.appToken!,
        logger: this.boltLogger,
        autoReconnectEnabled: false,
        installerOptions: { clientOptions: this.settings.apiUrl ? { slackApiUrl: this.settings.apiUrl, retryConfig: { retries: 2 } } : { retryConfig: { retries: 2 } } },
      });
      this.socket = new SocketConnection(socketReceiver.client, this.settings.logger, (error) => this.fatal(error));
      receiver = socketReceiver;
    } else {
      if (!this.httpReceiver) this.mount(robot.router);
      receiver = this.httpReceiver!;
    }
    this.bolt = new App({
      token: this.settings.botToken,
      receiver,
      socketMode: this.mode === 'socket' ? true : undefined,
      botId: this.bot.botId,
      botUserId: this.bot.userId,
      tokenVerificationEnabled: false,
      ignoreSelf: false,
      clientOptions: clientOptions(this.settings.apiUrl),
      logger: this.boltLogger,
    });
    this.bolt.event('app_mention', async ({ event, body }) => this.onMessage(robot, event as SlackMessageEvent, (body as { event_id?: string }).event_id));
    this.bolt.event('message', async ({ event, body }) => this.onMessage(robot, event as SlackMessageEvent, (body as { event_id?: string }).event_id));
    this.bolt.action(/.+/, async ({ ack, body }) => {
      await ack();
      await this.onAction(robot, body as BlockActionsBody);
    });
    this.bolt.error(async (error) => this.settings.logger.warn({ err: error }, 'Bolt could not process a Slack request'));

    if (this.socket) {
      try {
        await this.socket.open();
      } catch (error) {
        throw new Error(isFatalAuthError(error) ? `Slack refused the app token (${platformErrorCode(error)}): check SLACK_APP_TOKEN (xapp-..., scope connections:write)` : `could not open the Socket Mode connection: ${describe(error)}`);
      }
    }
    this.started = true;
    this.settings.logger.info({ mode: this.mode, botUserId: this.bot.userId }, 'connected to Slack');
  }

  /** auth.test: learns who the bot is, and stops the start with a sentence when the token is bad. */
  private async authenticate(): Promise<{ userId: string; botId?: string }> {
    try {
      const result = await this.client.auth.test();
      if (!result.user_id) throw new Error('auth.test returned no user_id');
      return { userId: result.user_id, botId: result.bot_id };
    } catch (error) {
      const code = platformErrorCode(error);
      if (code) throw new Error(`Slack refused the bot token (${code}): check SLACK_BOT_TOKEN (xoxb-...)`);
      throw new Error(`could not reach Slack${this.settings.apiUrl ? ` at ${this.settings.apiUrl}` : ''}: ${describe(error)}`);
    }
  }

  private fatal(error: unknown): void {
    this.settings.logger.fatal({ err: error }, `Slack revoked the bot's access (${platformErrorCode(error)}); stopping. Check the tokens and restart.`);
    this.started = false;
    this.endFinished();
  }

  private async onMessage(robot: Robot, event: SlackMessageEvent, eventId: string | undefined): Promise<void> {
    try {
      const incoming = toIncoming(event, this.bot!, this.settings.allowBots);
      if (!incoming) return;
      if (!(await this.dedupe.firstTime([eventId && `event:${eventId}`, `msg:${incoming.channel}:${incoming.id}`]))) {
        this.settings.logger.debug({ eventId, channel: incoming.channel, ts: incoming.id }, 'duplicate Slack event ignored');
        return;
      }
      const { userId, ...message } = incoming;
      const name = event.bot_id && !event.user ? event.username ?? userId : await this.directory.userName(userId);
      await robot.receive({ ...message, user: { id: userId, name } });
    } catch (error) {
      robot.reportError(error, { source: 'slack', eventId });
    }
  }

  private async onAction(robot: Robot, body: BlockActionsBody): Promise<void> {
    try {
      const action = toActionEvent(body);
      if (!action) return;
      const stamp = body.actions?.[0]?.action_ts ?? '';
      if (!(await this.dedupe.firstTime([`action:${action.channel}:${action.messageTs}:${action.actionId}:${stamp}`]))) return;
      await robot.handleAction(action);
    } catch (error) {
      robot.reportError(error, { source: 'slack-action' });
    }
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.socket?.close();
  }

  connected(): boolean {
    if (!this.started) return false;
    return this.socket ? this.socket.isConnected() : true;
  }

  async post(target: { channel: string; thread?: string }, message: OutgoingMessage): Promise<{ channel: string; ts: string }> {
    const channel = await this.directory.channelId(target.channel);
    const payload = renderBlocks(message);
    const send = (body: typeof payload) => this.client.chat.postMessage({ channel, thread_ts: target.thread, ...body, unfurl_links: false, unfurl_media: false });
    try {
      const result = await send(payload).catch((error) => {
        // A rendering Slack rejects must not cost the message: its plain text still goes out.
        if (payload.blocks && platformErrorCode(error) === 'invalid_blocks') return send({ text: payload.text });
        throw error;
      });
      return { channel: result.channel ?? channel, ts: result.ts! };
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async edit(channel: string, ts: string, message: OutgoingMessage): Promise<void> {
    const id = await this.directory.channelId(channel);
    try {
      // Blocks always: an edit must replace the blocks of the earlier version.
      await this.client.chat.update({ channel: id, ts, ...renderBlocks(message, { forceBlocks: true }) });
    } catch (error) {
      throw toDeliveryError(error);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
