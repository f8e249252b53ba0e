import { distance } from 'fastest-levenshtein';
import { commandKey, type HelpCommand } from './help';

/**
 * The known command closest to what the user typed, when one is near enough to be a typo:
 * "deplyo api" → "deploy <service>…". Compares the typed words with each command's literal words.
 */
export function findClosestCommand(typed: string, commands: readonly HelpCommand[]): HelpCommand | undefined {
  const words = typed.trim().toLowerCase().split(/\s+/);
  let best: { command: HelpCommand; score: number } | undefined;
  for (const command of commands) {
    const key = commandKey(command.usage);
    if (!key) continue;
    const candidate = words.slice(0, key.split(' ').length).join(' ');
    const score = distance(candidate, key);
    // Short commands tolerate one typo; longer ones two or a third of their length ("pnig" → "ping").
    const allowed = key.length < 4 ? 1 : Math.max(2, Math.floor(key.length / 3));
    if (score <= allowed && (!best || score < best.score)) best = { command, score };
  }
  return best?.command;
}
