import type { Listener } from './listener';
import type { IncomingMessage, MessageRef, OutgoingMessage, Target, User } from './message';
import type { Delivery } from './delivery';

/** What a listener gets: the match, who asked where, and ways to answer. */
export class Response {
  constructor(
    readonly message: IncomingMessage,
    readonly match: RegExpMatchArray,
    readonly listener: Listener,
    /** Where replies go (the adapter decides: a thread under a channel mention, the DM, the shell). */
    readonly replyTarget: Target,
    private readonly delivery: Delivery,
  ) {}

  get user(): User {
    return this.message.user;
  }

  get channel(): string {
    return this.message.channel;
  }

  get thread(): string | undefined {
    return this.replyTarget.thread;
  }

  /** The command text the listener matched (addressing prefix removed). */
  get text(): string {
    return this.match.input ?? this.message.text;
  }

  /** Posts into the conversation the command came from. */
  send(message: OutgoingMessage): Promise<MessageRef> {
    return this.delivery.send(this.replyTarget, message, { kind: 'reply' });
  }

  /** Like send; kept apart so adapters may address the user (Hubot's reply). */
  reply(message: OutgoingMessage): Promise<MessageRef> {
    return this.send(message);
  }

  /** Replaces a message sent earlier (living progress messages). */
  update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    return this.delivery.update(ref, message);
  }

  /** Posts into the thread of a message sent earlier. */
  sendInThread(ref: MessageRef, message: OutgoingMessage): Promise<MessageRef> {
    return this.delivery.send({ channel: ref.channel, threadOf: ref }, message, { kind: 'reply' });
  }
}
