/**
 * Case-insensitive glob over command names and targets: `*` is any run of characters
 * (including none), everything else is literal. Whitespace runs compare as one space, so
 * "api  to production" matches "api to production".
 */
export function globMatches(pattern: string, text: string): boolean {
  const p = normalize(pattern);
  const t = normalize(text);
  // Iterative wildcard matching (no regex: patterns come from config, texts from users).
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && p[pi] !== '*' && p[pi] === t[ti]) {
      pi += 1;
      ti += 1;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi;
      mark = ti;
      pi += 1;
    } else if (star >= 0) {
      pi = star + 1;
      mark += 1;
      ti = mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi += 1;
  return pi === p.length;
}

/** How much of a pattern is literal: more specific rules outrank wilder ones. */
export function literalLength(pattern: string): number {
  return normalize(pattern).replace(/\*/g, '').length;
}

function normalize(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}
