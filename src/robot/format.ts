import { UserError } from './errors';

/** "2h 5m", "45s", "3d 4h": the two largest units, for humans. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0 || (parts.length > 0 && parts.length < 2)) {
      if (count > 0) parts.push(`${count}${unit}`);
      rest -= count * size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ') || '0s';
}

/** Splits a command's argument string like a shell would, without running one: quotes group words. */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) throw new UnbalancedQuoteError(quote);
  if (inWord) args.push(current);
  return args;
}

export class UnbalancedQuoteError extends UserError {
  constructor(quote: string) {
    super(`unbalanced ${quote === '"' ? 'double' : 'single'} quote: close it, or leave quotes out`);
  }
}
