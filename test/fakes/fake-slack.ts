import { createHmac, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeSocketMode } from './fake-slack-socket';
import type { ApiCall, Envelope, FailureRule, Failure, FakeChannel, FakeMessage, FakeUser, RateLimit, SentEnvelope } from './fake-slack-types';

export type { ApiCall, FakeChannel, FakeMessage, FakeUser, SentEnvelope } from './fake-slack-types';

export interface FakeSlackOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  channels?: FakeChannel[];
  users?: FakeUser[];
  usergroups?: Record<string, string[]>;
  /** Enforce chat.postMessage's limit per channel, answering 429 past it. */
  rateLimit?: RateLimit;
  /** Milliseconds between server pings on the socket (Slack pings about every 10 s). */
  pingIntervalMs?: number;
}

/** Milliseconds since the epoch with sub-millisecond precision (latency benches). */
export const preciseNow = () => performance.timeOrigin + performance.now();

/**
 * A fake Slack on 127.0.0.1: the Web API methods the bot calls and the Socket Mode WebSocket.
 * The real Bolt talks to it over real sockets (SLACK_API_URL = slack.url). Everything is recorded;
 * `failNext` injects 429/5xx/ok:false answers, `rateLimit` enforces Slack's per-channel limit.
 *
 *   const slack = await FakeSlack.start();
 *   slack.mention('deploy api');
 *   const reply = await slack.waitFor(() => slack.messages.find((m) => m.threadTs));
 */
export class FakeSlack extends EventEmitter {
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly calls: ApiCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly channels: FakeChannel[];
  readonly users: FakeUser[];
  readonly usergroups: Record<string, string[]>;
  rateLimit?: RateLimit;
  /** auth.test answers ok:false with this error (e.g. 'invalid_auth'). */
  authError?: string;
  /** apps.connections.open answers ok:false with this error. */
  connectionsError?: string;
  readonly socket: FakeSocketMode;
  private readonly failures: FailureRule[] = [];
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private tsCounter = 0;
  private port = 0;

  private constructor(
    private readonly server: Server,
    options: FakeSlackOptions,
  ) {
    super();
    this.setMaxListeners(0);
    this.botUserId = options.botUserId ?? 'UBOT00001';
    this.botId = options.botId ?? 'BBOT00001';
    this.teamId = options.teamId ?? 'T0TEAM001';
    this.channels = options.channels ?? [
      { id: 'C0OPS0001', name: 'ops' },
      { id: 'C0ALERTS1', name: 'ops-alerts' },
      { id: 'C0DEPLOY1', name: 'deploys' },
    ];
    this.users = options.users ?? [{ id: 'U0ALICE01', name: 'alice', displayName: 'Alice' }];
    this.usergroups = options.usergroups ?? {};
    this.rateLimit = options.rateLimit;
    const wss = new WebSocketServer({ noServer: true });
    this.socket = new FakeSocketMode(wss, options.pingIntervalMs ?? 10_000, () => this.emit('change'));
    server.on('request', (req, res) => void this.handle(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/link')) return socket.destroy();
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => this.socket.accept(ws));
    });
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    const slack = new FakeSlack(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    slack.port = (server.address() as AddressInfo).port;
    return slack;
  }

  /** The Web API base URL (SLACK_API_URL). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ---- knobs -------------------------------------------------------------------------------

  /** The next `times` calls of `method` (optionally for one channel) fail as described. */
  failNext(method: string, failure: Failure, times = 1, channel?: string): void {
    this.failures.push({ method, failure, remaining: times, channel });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  addChannel(channel: FakeChannel): void {
    this.channels.push(channel);
  }

  // ---- events to the bot -------------------------------------------------------------------

  /** Sends an events_api envelope over the socket; returns its envelope_id. */
  sendEvent(event: Record<string, unknown>, options: { eventId?: string; envelopeId?: string } = {}): string {
    const envelope: Envelope = {
      envelope_id: options.envelopeId ?? randomUUID(),
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: this.eventCallback(event, options.eventId),
    };
    return this.socket.send(envelope);
  }

  /** The body Slack POSTs (HTTP mode) or wraps in an envelope (Socket Mode). */
  eventCallback(event: Record<string, unknown>, eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`): Record<string, unknown> {
    return {
      token: 'verification-token',
      team_id: this.teamId,
      api_app_id: 'A0FAKEAPP',
      event: { event_ts: event.ts, ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.teamId, user_id: this.botUserId, is_bot: true, is_enterprise_install: false }],
    };
  }

  /** `<@BOT> text` typed in a channel (an app_mention); returns the envelope id and the message ts. */
  mention(text: string, options: { channel?: string; user?: string; threadTs?: string; eventId?: string } = {}): { envelopeId: string; ts: string } {
    const ts = this.nextTs();
    const event = { type: 'app_mention', user: options.user ?? this.users[0].id, text: `<@${this.botUserId}> ${text}`, ts, channel: options.channel ?? this.channels[0].id, ...(options.threadTs ? { thread_ts: options.threadTs } : {}) };
    return { envelopeId: this.sendEvent(event, { eventId: options.eventId }), ts };
  }

  /** A direct message to the bot (message.im). */
  dm(text: string, options: { user?: string; channel?: string } = {}): { envelopeId: string; ts: string } {
    const ts = this.nextTs();
    const event = { type: 'message', channel_type: 'im', user: options.user ?? this.users[0].id, text, ts, channel: options.channel ?? 'D0DIRECT1' };
    return { envelopeId: this.sendEvent(event), ts };
  }

  /** A click on a button of a message the bot posted (block_actions). */
  click(message: FakeMessage, actionId: string, value = '', user = this.users[0].id): string {
    const envelope: Envelope = {
      envelope_id: randomUUID(),
      type: 'interactive',
      accepts_response_payload: false,
      payload: {
        type: 'block_actions',
        user: { id: user, username: this.users.find((u) => u.id === user)?.name ?? user, team_id: this.teamId },
        api_app_id: 'A0FAKEAPP',
        team: { id: this.teamId },
        container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) },
        channel: { id: message.channel, name: this.channels.find((c) => c.id === message.channel)?.name ?? message.channel },
        message: { ts: message.ts, text: message.text, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) },
        actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value, action_ts: `${Date.now() / 1000}` }],
        trigger_id: 'trigger',
        response_url: `${this.origin}/response`,
      },
    };
    return this.socket.send(envelope);
  }

  // ---- waiting -----------------------------------------------------------------------------

  /** Resolves with the first truthy value of `check`, re-evaluated on every change. */
  waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const test = () => {
        const value = check();
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Slack: condition not met within ${timeoutMs} ms (${this.messages.length} messages, ${this.calls.length} calls)`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('change', test);
      };
      this.on('change', test);
      test();
    });
  }

  /** Messages posted in a channel (and optionally a thread). */
  messagesIn(channel: string, threadTs?: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && (threadTs === undefined || m.threadTs === threadTs));
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Signs an HTTP-mode request body the way Slack does (v0 HMAC-SHA256). */
  static sign(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature, 'content-type': 'application/json' };
  }

  async close(): Promise<void> {
    this.socket.close();
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  // ---- the Web API -------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    if (!req.url?.startsWith('/api/')) return void res.writeHead(404).end();
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '') || (args.token as string | undefined);
    const call: ApiCall = { method, args, token, at: preciseNow(), status: 200 };
    this.calls.push(call);
    const failure = this.takeFailure(method, args.channel as string | undefined);
    if (failure && 'hang' in failure) return; // never answers: the client's timeout must fire
    const limited = !failure && method === 'chat.postMessage' ? this.overLimit(String(args.channel)) : undefined;
    const answer = failure ?? limited;
    if (answer && 'status' in answer) {
      call.status = answer.status;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (answer.status === 429) headers['retry-after'] = String((answer as { retryAfter: number }).retryAfter);
      res.writeHead(answer.status, headers).end(JSON.stringify({ ok: false, error: answer.status === 429 ? 'ratelimited' : 'internal_error' }));
      this.emit('change');
      return;
    }
    const result = answer && 'error' in answer ? { ok: false, error: answer.error } : this.answer(method, args, token);
    if (!result.ok) call.error = String(result.error);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    this.emit('change');
  }

  private answer(method: string, args: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        if (this.authError || !token?.startsWith('xoxb-')) return { ok: false, error: this.authError ?? 'invalid_auth' };
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'opsbot', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId };
      case 'apps.connections.open':
        if (this.connectionsError || !token?.startsWith('xapp-')) return { ok: false, error: this.connectionsError ?? 'invalid_auth' };
        return { ok: true, url: `ws://127.0.0.1:${this.port}/link?ticket=${randomUUID()}` };
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.edits.push({ text: String(args.text ?? ''), blocks: args.blocks as unknown[] | undefined, at: preciseNow() });
        return { ok: true, channel: message.channel, ts: message.ts, text: args.text };
      }
      case 'conversations.list': {
        const offset = Number(args.cursor ?? 0);
        const limit = Number(args.limit ?? 100);
        const page = this.channels.slice(offset, offset + limit);
        const next = offset + limit < this.channels.length ? String(offset + limit) : '';
        return { ok: true, channels: page.map((c) => ({ id: c.id, name: c.name, is_channel: true, is_member: c.member !== false })), response_metadata: { next_cursor: next } };
      }
      case 'users.info': {
        const user = this.users.find((u) => u.id === args.user);
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id: user.id, name: user.name, real_name: user.realName ?? user.name, profile: { display_name: user.displayName ?? '', real_name: user.realName ?? user.name } } };
      }
      case 'usergroups.users.list': {
        const users = this.usergroups[String(args.usergroup)];
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? '');
    const known = this.channels.find((c) => c.id === channel);
    if (!known && !/^[DU]/.test(channel)) return { ok: false, error: 'channel_not_found' };
    if (known?.member === false) return { ok: false, error: 'not_in_channel' };
    if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
    const posted = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
    const message: FakeMessage = { channel: posted, ts: this.nextTs(), threadTs: args.thread_ts as string | undefined, text: String(args.text ?? ''), blocks: args.blocks as unknown[] | undefined, at: preciseNow(), edits: [] };
    this.messages.push(message);
    return { ok: true, channel: posted, ts: message.ts, message: { text: message.text, ts: message.ts, thread_ts: message.threadTs } };
  }

  private takeFailure(method: string, channel: string | undefined): Failure | undefined {
    const rule = this.failures.find((r) => r.method === method && r.remaining > 0 && (!r.channel || r.channel === channel));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.failures.splice(this.failures.indexOf(rule), 1);
    return rule.failure;
  }

  /** Token bucket per channel, like Slack's "1 per second, short bursts"; 429 with Retry-After past it. */
  private overLimit(channel: string): Failure | undefined {
    if (!this.rateLimit) return undefined;
    const { perSecond, burst } = this.rateLimit;
    const now = preciseNow();
    const bucket = this.buckets.get(channel) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return { status: 429, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends form-encoded bodies with JSON inside for arrays (blocks). */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export type { Envelope } from './fake-slack-types';
