import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { OutgoingMessage } from '../robot/message';
import type { Robot } from '../robot/robot';
import type { Adapter } from './adapter';
import { renderText } from './render-text';

export const SHELL_CHANNEL = 'shell';

export interface ShellOptions {
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream;
  /** Where line history is kept between sessions on a terminal. */
  historyFile?: string;
  /** Printed once at start on a terminal (the sandbox note). */
  banner?: string;
}

/**
 * Talk to the bot without Slack. On a terminal: a prompt with line editing and history.
 * With piped input: each line is handled in order (the next starts when the previous finished),
 * replies go to stdout, and at the end of input `finished` resolves once nothing is in flight.
 */
export class ShellAdapter implements Adapter {
  readonly name = 'shell';
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private readline?: Interface;
  private counter = 0;
  private readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  private readonly output: NodeJS.WritableStream;
  private readonly user = { id: 'shell', name: safeUserName() };

  constructor(private readonly options: ShellOptions = {}) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  get interactive(): boolean {
    return Boolean(this.input.isTTY);
  }

  async start(robot: Robot): Promise<void> {
    if (this.interactive) this.startPrompt(robot);
    else void this.readPiped(robot);
  }

  private startPrompt(robot: Robot): void {
    const history = this.loadHistory();
    const readline = createInterface({ input: this.input, output: this.output, terminal: true, history, historySize: 1000, prompt: `${robot.name}> ` });
    this.readline = readline;
    if (this.options.banner) this.output.write(`${this.options.banner}\n`);
    readline.prompt();
    readline.on('line', async (line) => {
      if (line.trim()) this.saveHistory(line);
      readline.pause();
      await robot.receive(this.message(line));
      readline.resume();
      readline.prompt();
    });
    readline.on('close', async () => {
      this.output.write('\n');
      await robot.idle();
      this.resolveFinished();
    });
  }

  private async readPiped(robot: Robot): Promise<void> {
    const readline = createInterface({ input: this.input, terminal: false, crlfDelay: Infinity });
    this.readline = readline;
    for await (const line of readline) await robot.receive(this.message(line));
    await robot.idle();
    this.resolveFinished();
  }

  private message(text: string) {
    this.counter += 1;
    return { id: `shell-${this.counter}`, text, user: this.user, channel: SHELL_CHANNEL, direct: true };
  }

  async stop(): Promise<void> {
    this.readline?.close();
  }

  connected(): boolean {
    return true;
  }

  async post(target: { channel: string; thread?: string }, message: OutgoingMessage): Promise<{ channel: string; ts: string }> {
    this.counter += 1;
    const ts = `${Date.now() / 1000}.${String(this.counter).padStart(6, '0')}`;
    this.write(target.channel, renderText(message));
    return { channel: target.channel, ts };
  }

  async edit(channel: string, _ts: string, message: OutgoingMessage): Promise<void> {
    this.write(channel, renderText(message));
  }

  private write(channel: string, text: string): void {
    // Messages for other channels (alerts, progress) are shown with the channel they went to.
    const prefixed = channel === SHELL_CHANNEL ? text : text.split('\n').map((line, i) => (i === 0 ? `[#${channel}] ${line}` : `  ${line}`)).join('\n');
    if (this.interactive && this.readline) {
      this.output.write(`\r\x1b[K${prefixed}\n`);
      this.readline.prompt(true);
    } else this.output.write(`${prefixed}\n`);
  }

  private loadHistory(): string[] {
    if (!this.options.historyFile) return [];
    try {
      return readFileSync(this.options.historyFile, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 1000);
    } catch {
      return [];
    }
  }

  private saveHistory(line: string): void {
    if (!this.options.historyFile) return;
    try {
      mkdirSync(dirname(this.options.historyFile), { recursive: true });
      appendFileSync(this.options.historyFile, `${line.replace(/\n/g, ' ')}\n`);
    } catch {
      // History is a convenience; a read-only disk must not break the shell.
    }
  }
}

function safeUserName(): string {
  try {
    return userInfo().username || 'shell';
  } catch {
    return 'shell';
  }
}
