import { Router } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../events/clock';
import type { EventBus } from '../events/bus';
import type { Metrics } from '../http/metrics';
import type { Store } from '../store/store';
import { findClosestCommand } from './closest-command';
import type { Delivery } from './delivery';
import { describeError, isExpected } from './errors';
import type { HelpCommand, ScriptHelp } from './help';
import { runMiddleware, type CommandSpec, type Listener, type ListenerHandler, type ListenerKind, type ListenerMiddleware } from './listener';
import type { ActionEvent, IncomingMessage, MessageRef, OutgoingMessage, Target } from './message';
import { Response } from './response';
import { Scheduler, type Job } from './scheduler';
import type { Services } from './services';

/** Longer commands are refused with a reply instead of being matched (regexes over 100 KB are slow). */
export const MAX_COMMAND_LENGTH = 4000;

export interface RobotOptions {
  name: string;
  aliases?: string[];
  logger: Logger;
  bus: EventBus;
  delivery: Delivery;
  clock: Clock;
  metrics: Metrics;
  store: Store;
  /** Where bugs and other unexpected errors are reported. */
  adminChannel?: string;
  version: string;
  /** Capabilities scripts use (deployer, orchestrator, ...), filled by the composition root. */
  services?: Partial<Services>;
  /** True on the built-in sandbox (shell without config): everything is permitted there. */
  sandbox?: boolean;
}

export type ActionHandler = (event: ActionEvent, reply: (message: OutgoingMessage) => Promise<MessageRef>) => unknown;
export type ActionMiddleware = (event: ActionEvent, next: () => Promise<void>) => Promise<void>;

/** How the adapter in use wants replies placed; the shell and Slack differ. */
export type ReplyPolicy = (message: IncomingMessage) => Target;

/**
 * The robot: listeners, middleware, help, scheduled jobs and the one error handler.
 * Hubot's model with types; it knows nothing about Slack or about deploys.
 */
export class Robot {
  readonly name: string;
  readonly aliases: string[];
  readonly logger: Logger;
  readonly bus: EventBus;
  readonly delivery: Delivery;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly store: Store;
  readonly version: string;
  readonly startedAt: number;
  readonly sandbox: boolean;
  /** Express router mounted on the bot's HTTP server (webhooks, APIs). */
  readonly router = Router();
  readonly services: Partial<Services>;
  adminChannel?: string;

  /** Extra ids the bot answers to (Slack: its user id, written <@U123> in text). */
  mentionIds: string[] = [];
  replyPolicy: ReplyPolicy = (message) => ({ channel: message.channel, thread: message.thread });

  private readonly listeners: Listener[] = [];
  private readonly middleware: ListenerMiddleware[] = [];
  private readonly actionHandlers = new Map<string, ActionHandler>();
  private readonly actionMiddlewareChain: ActionMiddleware[] = [];
  private readonly helpEntries: ScriptHelp[] = [];
  private readonly scheduler: Scheduler;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly shutdownHooks: Array<() => unknown> = [];
  private accepting = true;
  private loadingScript?: string;

  constructor(options: RobotOptions) {
    this.name = options.name;
    this.aliases = options.aliases ?? [];
    this.logger = options.logger;
    this.bus = options.bus;
    this.delivery = options.delivery;
    this.clock = options.clock;
    this.metrics = options.metrics;
    this.store = options.store;
    this.version = options.version;
    this.adminChannel = options.adminChannel;
    this.services = options.services ?? {};
    this.sandbox = options.sandbox ?? false;
    this.startedAt = options.clock.now();
    this.scheduler = new Scheduler(this.logger, (error, job) => this.reportError(error, { job }));
  }

  // ---- registering -------------------------------------------------------------------------

  /** Messages addressed to the bot: `@bot deploy api`, `bot deploy api`, a DM, the shell. */
  respond(pattern: RegExp, handler: ListenerHandler): void;
  respond(pattern: RegExp, spec: Partial<CommandSpec>, handler: ListenerHandler): void;
  respond(pattern: RegExp, specOrHandler: Partial<CommandSpec> | ListenerHandler, handler?: ListenerHandler): void {
    this.addListener('respond', pattern, specOrHandler, handler);
  }

  /** Any message the bot sees, addressed or not. */
  hear(pattern: RegExp, handler: ListenerHandler): void;
  hear(pattern: RegExp, spec: Partial<CommandSpec>, handler: ListenerHandler): void;
  hear(pattern: RegExp, specOrHandler: Partial<CommandSpec> | ListenerHandler, handler?: ListenerHandler): void {
    this.addListener('hear', pattern, specOrHandler, handler);
  }

  private addListener(kind: ListenerKind, pattern: RegExp, specOrHandler: Partial<CommandSpec> | ListenerHandler, handler?: ListenerHandler): void {
    const fn = typeof specOrHandler === 'function' ? specOrHandler : handler;
    if (!fn) throw new Error(`${kind}(${pattern}) needs a handler`);
    const given = typeof specOrHandler === 'function' ? {} : specOrHandler;
    // Respond patterns are anchored at the start of the command text, like Hubot's.
    const anchored = kind === 'respond' && !pattern.source.startsWith('^') ? new RegExp(`^(?:${pattern.source})`, pattern.flags) : pattern;
    const spec: CommandSpec = { name: given.name ?? defaultCommandName(pattern), ...given };
    this.listeners.push({ kind, pattern: anchored, spec, handler: fn, script: this.loadingScript });
  }

  /** Wraps every listener: authorization, audit, confirmation. Runs in registration order. */
  listenerMiddleware(middleware: ListenerMiddleware): void {
    this.middleware.push(middleware);
  }

  /** Buttons: events whose actionId equals `actionId` or starts with `actionId:`. */
  onAction(actionId: string, handler: ActionHandler): void {
    this.actionHandlers.set(actionId, handler);
  }

  actionMiddleware(middleware: ActionMiddleware): void {
    this.actionMiddlewareChain.push(middleware);
  }

  every(name: string, intervalMs: number, run: () => unknown, options?: { runAtStart?: boolean }): Job {
    return this.scheduler.every(name, intervalMs, run, options);
  }

  /** Called at shutdown, after commands in flight finished, in reverse registration order. */
  onShutdown(hook: () => unknown): void {
    this.shutdownHooks.push(hook);
  }

  addHelp(help: ScriptHelp): void {
    this.helpEntries.push(help);
  }

  /** The script loader marks listeners with the script that registered them. */
  setLoadingScript(script: string | undefined): void {
    this.loadingScript = script;
  }

  get help(): readonly ScriptHelp[] {
    return this.helpEntries;
  }

  get helpCommands(): HelpCommand[] {
    return this.helpEntries.flatMap((entry) => entry.commands);
  }

  get commandListeners(): readonly Listener[] {
    return this.listeners;
  }

  /** A capability the composition root provided; a clear error when it is not configured. */
  need<K extends keyof Services>(name: K): Services[K] {
    const service = this.services[name];
    if (service === undefined) throw new Error(`${String(name)} is not available in this configuration`);
    return service as Services[K];
  }

  // ---- sending -----------------------------------------------------------------------------

  /** An unprompted message (alerts, progress, scaling events). */
  messageRoom(channel: string, message: OutgoingMessage, options: { thread?: string; threadOf?: MessageRef; key?: string } = {}): Promise<MessageRef> {
    this.metrics.messagesSent.inc({ kind: 'unprompted' });
    return this.delivery.send({ channel, thread: options.thread, threadOf: options.threadOf }, message, { kind: 'unprompted', key: options.key });
  }

  // ---- receiving ---------------------------------------------------------------------------

  /** Handles one incoming message; resolves when every listener it triggered has finished. */
  receive(message: IncomingMessage): Promise<void> {
    if (!this.accepting) return Promise.resolve();
    const work = this.dispatch(message).catch((error) => this.reportError(error, { channel: message.channel }));
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** The command text when the message is addressed to the bot, else undefined. */
  addressedText(message: IncomingMessage): string | undefined {
    const text = message.text.trim();
    const names = [this.name, ...this.aliases].map(escapeRegExp).join('|');
    const ids = this.mentionIds.map(escapeRegExp);
    const prefixes = [`@?(?:${names})[:,]?`, ...ids.map((id) => `<@${id}(?:\\|[^>]*)?>[:,]?`)];
    const prefix = new RegExp(`^(?:${prefixes.join('|')})(?:\\s+|$)`, 'i');
    const stripped = prefix.exec(text);
    if (stripped) return text.slice(stripped[0].length).trim();
    return message.direct || message.mentioned ? text : undefined;
  }

  private async dispatch(raw: IncomingMessage): Promise<void> {
    const message = { ...raw, text: sanitize(raw.text) };
    if (!message.text.trim()) return;
    const target = this.replyPolicy(message);

    for (const listener of this.listeners) {
      if (listener.kind !== 'hear') continue;
      const match = message.text.length <= MAX_COMMAND_LENGTH ? message.text.match(listener.pattern) : null;
      if (match) await this.run(listener, message, match, target);
    }

    const command = this.addressedText(message);
    if (command === undefined) return;
    if (!command) {
      await this.delivery.send(target, `Yes? Try \`help\`.`, { kind: 'reply' });
      return;
    }
    if (command.length > MAX_COMMAND_LENGTH) {
      this.metrics.commands.inc({ command: 'unknown', outcome: 'rejected' });
      await this.delivery.send(target, `That message is too long (${command.length} characters); commands are at most ${MAX_COMMAND_LENGTH}.`, { kind: 'reply' });
      return;
    }

    const chosen = this.chooseResponder(command);
    if (!chosen) {
      this.metrics.commands.inc({ command: 'unknown', outcome: 'unknown' });
      await this.delivery.send(target, this.unknownCommandReply(command), { kind: 'reply' });
      return;
    }
    await this.run(chosen.listener, message, chosen.match, target);
  }

  /** The respond listener whose match covers the most of the command (most specific wins). */
  private chooseResponder(command: string): { listener: Listener; match: RegExpMatchArray } | undefined {
    let best: { listener: Listener; match: RegExpMatchArray } | undefined;
    for (const listener of this.listeners) {
      if (listener.kind !== 'respond') continue;
      const match = command.match(listener.pattern);
      if (match && (!best || match[0].length > best.match[0].length)) best = { listener, match };
    }
    return best;
  }

  unknownCommandReply(command: string): string {
    const word = command.split(/\s+/).slice(0, 3).join(' ');
    const shown = word.length > 60 ? `${word.slice(0, 60)}…` : word;
    const closest = findClosestCommand(command, this.helpCommands);
    const suggestion = closest ? ` Did you mean \`${closest.usage}\`?` : '';
    return `I don't know \`${shown.replace(/`/g, "'")}\`.${suggestion} Try \`help\`.`;
  }

  private async run(listener: Listener, message: IncomingMessage, match: RegExpMatchArray, target: Target): Promise<void> {
    const response = new Response(message, match, listener, target, this.delivery);
    const context = { listener, response, notes: {} as Record<string, unknown> };
    const log = this.logger.child({ command: listener.spec.name, user: message.user.id, channel: message.channel });
    const started = this.clock.now();
    try {
      await runMiddleware(this.middleware, context, async () => {
        await listener.handler(response);
      });
      this.metrics.commands.inc({ command: listener.spec.name, outcome: 'ok' });
      log.debug({ ms: this.clock.now() - started }, 'command handled');
    } catch (error) {
      this.metrics.commands.inc({ command: listener.spec.name, outcome: 'error' });
      context.notes.error = describeError(error);
      await this.handleListenerError(error, response, log);
    }
  }

  /** The one error handler: a short reply to the user; bugs are logged (and so reach the admins). */
  private async handleListenerError(error: unknown, response: Response, log: Logger): Promise<void> {
    const verb = response.text.trim().split(/\s+/)[0]?.toLowerCase() || response.listener.spec.name;
    const reason = describeError(error);
    if (isExpected(error)) {
      log.info({ reason }, 'command refused');
      await this.safeReply(response, reason.startsWith(verb) ? reason : `${verb} failed: ${reason}`);
      return;
    }
    this.metrics.errors.inc({ source: 'listener' });
    log.error({ err: error, script: response.listener.script, text: response.text.slice(0, 200) }, `${verb} failed: ${reason}`);
    await this.safeReply(response, `${verb} failed: ${reason}`);
  }

  private async safeReply(response: Response, text: string): Promise<void> {
    try {
      await response.reply(text);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not deliver an error reply');
    }
  }

  /** Errors outside listeners (jobs, actions, adapters): logged at error, which alerts the admins. */
  reportError(error: unknown, context: Record<string, unknown> = {}): void {
    this.metrics.errors.inc({ source: String(context.job ? 'job' : context.source ?? 'robot') });
    this.logger.error({ err: error, ...context }, describeError(error));
  }

  // ---- buttons -----------------------------------------------------------------------------

  async handleAction(event: ActionEvent): Promise<void> {
    if (!this.accepting) return;
    const base = event.actionId.split(':')[0];
    const handler = this.actionHandlers.get(event.actionId) ?? this.actionHandlers.get(base);
    const target: Target = { channel: event.channel, thread: event.thread ?? event.messageTs };
    const reply = (message: OutgoingMessage) => this.delivery.send(target, message, { kind: 'reply' });
    if (!handler) {
      this.logger.warn({ actionId: event.actionId }, 'no handler for button');
      await reply(`That button (${event.actionId}) is no longer handled by this bot.`);
      return;
    }
    const work = (async () => {
      try {
        await runMiddleware(this.actionMiddlewareChain, event, async () => {
          await handler(event, reply);
        });
      } catch (error) {
        if (isExpected(error)) await reply(describeError(error)).catch(() => undefined);
        else {
          this.reportError(error, { source: 'action', actionId: event.actionId });
          await reply(`${base} failed: ${describeError(error)}`).catch(() => undefined);
        }
      }
    })();
    this.inFlight.add(work);
    await work.finally(() => this.inFlight.delete(work));
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  get commandsInFlight(): number {
    return this.inFlight.size;
  }

  /** Resolves when every command received so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stop taking commands, let those in flight finish (bounded), stop jobs, run shutdown hooks. */
  async shutdown(graceMs = 30_000): Promise<void> {
    this.accepting = false;
    this.scheduler.stopAll();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
      timer.unref();
    });
    const result = await Promise.race([this.idle().then(() => 'idle' as const), timeout]);
    if (timer) clearTimeout(timer);
    if (result === 'timeout') this.logger.warn({ commands: this.inFlight.size }, 'shutdown: commands still running after the grace period');
    for (const hook of [...this.shutdownHooks].reverse()) {
      try {
        await hook();
      } catch (error) {
        this.logger.warn({ err: error }, 'shutdown hook failed');
      }
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function defaultCommandName(pattern: RegExp): string {
  const words = /^\^?((?:[a-z-]+ ?)+)/i.exec(pattern.source.replace(/\\s[+*]|\\s/g, ' '));
  return words ? words[1].trim().replace(/\s+/g, '.').toLowerCase() : 'command';
}

/** Control characters (NUL, escape sequences, ...) are dropped; newlines and tabs stay. */
function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}
