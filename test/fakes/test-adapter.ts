import type { Adapter } from '../../src/adapters/adapter';
import { renderText } from '../../src/adapters/render-text';
import type { IncomingMessage, OutgoingMessage, User } from '../../src/robot/message';
import type { Robot } from '../../src/robot/robot';

export interface Posted {
  channel: string;
  thread?: string;
  ts: string;
  message: OutgoingMessage;
  text: string;
  /** Every later version of the message (chat.update), newest last. */
  edits: OutgoingMessage[];
}

/** A recording adapter: `say` hands a message to the robot and waits until it is handled. */
export class TestAdapter implements Adapter {
  readonly name = 'test';
  readonly posted: Posted[] = [];
  robot?: Robot;
  private counter = 0;
  isConnected = true;

  async start(robot: Robot): Promise<void> {
    this.robot = robot;
  }
  async stop(): Promise<void> {}
  connected(): boolean {
    return this.isConnected;
  }

  async post(target: { channel: string; thread?: string }, message: OutgoingMessage): Promise<{ channel: string; ts: string }> {
    this.counter += 1;
    const ts = `1700000000.${String(this.counter).padStart(6, '0')}`;
    this.posted.push({ channel: target.channel, thread: target.thread, ts, message, text: renderText(message), edits: [] });
    return { channel: target.channel, ts };
  }

  async edit(channel: string, ts: string, message: OutgoingMessage): Promise<void> {
    const found = this.posted.find((p) => p.channel === channel && p.ts === ts);
    if (!found) throw new Error(`edit of unknown message ${channel}/${ts}`);
    found.edits.push(message);
    found.text = renderText(message);
  }

  /** Sends text as a user and resolves when the robot finished handling it. */
  async say(text: string, options: Partial<Omit<IncomingMessage, 'text'>> & { user?: User } = {}): Promise<string[]> {
    if (!this.robot) throw new Error('adapter not started');
    const before = this.posted.length;
    this.counter += 1;
    await this.robot.receive({
      id: `m${this.counter}`,
      text,
      user: options.user ?? { id: 'U1', name: 'alice' },
      channel: options.channel ?? 'shell',
      thread: options.thread,
      direct: options.direct ?? true,
      mentioned: options.mentioned,
    });
    return this.posted.slice(before).map((p) => p.text);
  }

  textsIn(channel: string): string[] {
    return this.posted.filter((p) => p.channel === channel).map((p) => p.text);
  }
}
