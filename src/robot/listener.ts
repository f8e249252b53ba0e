import type { Response } from './response';

export type ListenerKind = 'respond' | 'hear';

/** What a command declares about itself; authorization, audit and confirmation read it. */
export interface CommandSpec {
  /** Stable command name, e.g. "deploy", "deploy.status", "scale.mode" (metrics, audit, auth rules). */
  name: string;
  /** True when the command changes something; the secure default denies these without a rule. */
  mutates?: boolean;
  /** The command's target from its match, e.g. "api to production" (used by auth rules). */
  target?: (match: RegExpMatchArray) => string | undefined;
  /** Whether the command asks for confirmation before it runs. */
  confirm?: boolean | ((match: RegExpMatchArray) => boolean);
  /** Text shown in the confirmation prompt (the plan); defaults to the command text. */
  describe?: (match: RegExpMatchArray) => string;
}

export type ListenerHandler = (response: Response) => unknown;

export interface Listener {
  kind: ListenerKind;
  pattern: RegExp;
  spec: CommandSpec;
  handler: ListenerHandler;
  /** The script that registered it (for errors and help). */
  script?: string;
}

export interface ListenerContext {
  listener: Listener;
  response: Response;
  /** Filled in by middleware as it decides (auth rule, confirmer, ...); audit reads it. */
  notes: Record<string, unknown>;
}

/** Calls next() to let the listener run; returns without calling it to stop (after replying). */
export type ListenerMiddleware = (context: ListenerContext, next: () => Promise<void>) => Promise<void>;

/** Runs a middleware chain (listener or action middleware) around `last`; each step may stop it. */
export async function runMiddleware<C>(
  chain: ReadonlyArray<(context: C, next: () => Promise<void>) => Promise<void>>,
  context: C,
  last: () => Promise<void>,
): Promise<void> {
  const step = async (index: number): Promise<void> => {
    if (index === chain.length) return last();
    let called = false;
    await chain[index](context, async () => {
      if (called) throw new Error('middleware called next() twice');
      called = true;
      await step(index + 1);
    });
  };
  await step(0);
}
