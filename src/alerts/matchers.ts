import { UserError } from '../robot/errors';

export type MatchOp = '=' | '!=' | '=~' | '!~';

/** Alertmanager's label matcher; regexes are anchored at both ends, as there. */
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

const MATCHER = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)(.*)$/;

export function parseMatcher(text: string): Matcher {
  const found = MATCHER.exec(text.trim());
  if (!found) throw new UserError(`\`${text}\` is not a matcher: write label=value, label!=value, label=~regex or label!~regex`);
  const [, name, op, raw] = found;
  const value = raw.replace(/^"(.*)"$/, '$1');
  if (op === '=~' || op === '!~') compile(value, text);
  return { name, op: op as MatchOp, value };
}

export function parseMatchers(words: string[]): Matcher[] {
  return words.map(parseMatcher);
}

const cache = new Map<string, RegExp>();

function compile(source: string, shown = source): RegExp {
  let regex = cache.get(source);
  if (!regex) {
    try {
      regex = new RegExp(`^(?:${source})$`);
    } catch {
      throw new UserError(`\`${shown}\` has an invalid regular expression`);
    }
    if (cache.size > 1000) cache.clear();
    cache.set(source, regex);
  }
  return regex;
}

/** A missing label matches as the empty string, as in Alertmanager. */
export function matches(labels: Record<string, string>, matcher: Matcher): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return compile(matcher.value).test(value);
    case '!~':
      return !compile(matcher.value).test(value);
  }
}

export function matchesAll(labels: Record<string, string>, matchers: readonly Matcher[]): boolean {
  return matchers.every((matcher) => matches(labels, matcher));
}

export function formatMatcher(matcher: Matcher): string {
  return `${matcher.name}${matcher.op}${/[\s"]/.test(matcher.value) || matcher.value === '' ? JSON.stringify(matcher.value) : matcher.value}`;
}

/** Parses "key=value" words (for `alerts route test`); only equality makes sense there. */
export function parseLabels(words: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const word of words) {
    const found = /^([a-zA-Z_][a-zA-Z0-9_]*)=(.*)$/.exec(word);
    if (!found) throw new UserError(`\`${word}\` is not a label: write label=value, e.g. severity=critical service=db`);
    labels[found[1]] = found[2];
  }
  return labels;
}
