/**
 * Removes secrets from any text before it leaves the process (logs, chat, errors, audit).
 * Known values (tokens from the environment, every ${VAR} in config) are replaced exactly, also
 * in the escaped forms they take inside JSON log lines and Slack text; patterns catch secrets we
 * were never told about (Slack and GitHub tokens, AWS keys, private keys, passwords in URLs,
 * `password=`-style assignments, Authorization headers).
 */
export const REDACTED = '[redacted]';

/** Names whose value is a secret in `name=value`, `name: value`, `"name":"value"`. */
const SECRET_NAMES = String.raw`[A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)`;

const PATTERNS: RegExp[] = [
  /\bxox[abposrce]-[A-Za-z0-9-]{6,}/g, // Slack bot/user/config/... tokens
  /\bxapp-[A-Za-z0-9-]{6,}/g, // Slack app-level tokens
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** Patterns that keep a prefix (the name, the scheme and user) and redact only the value. */
const KEEP_PREFIX: RegExp[] = [
  new RegExp(String.raw`\b(${SECRET_NAMES}["']?\s*[:=]\s*")([^"\n]+)(?=")`, 'gi'), // password: "two words"
  new RegExp(String.raw`\b(${SECRET_NAMES}(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)([^\s"'\\,;&]{4,})`, 'gi'),
  /\b(authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token)\s+)([A-Za-z0-9._~+/=-]{4,})/gi,
  /\b(bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/gi,
  /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]{1,})(?=@)/gi, // https://user:password@host
];

export class Redactor {
  private values: string[] = [];

  constructor(values: Iterable<string> = []) {
    this.add(values);
  }

  add(values: Iterable<string | undefined>): void {
    for (const value of values) {
      if (!value || value.length < 4) continue;
      for (const form of escapedForms(value)) if (!this.values.includes(form)) this.values.push(form);
    }
    // Longest first, so a secret containing another is replaced whole.
    this.values.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    for (const pattern of PATTERNS) out = out.replace(pattern, REDACTED);
    for (const pattern of KEEP_PREFIX) out = out.replace(pattern, (_all, prefix: string, value: string) => (value === REDACTED || value.startsWith('[redacted') ? `${prefix}${value}` : `${prefix}${REDACTED}`));
    return out;
  }

  /** Deep copy with every string redacted (for structured records like audit entries). */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value instanceof Error) return Object.assign(new Error(this.redact(value.message)), { name: value.name }) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.redactDeep(item)])) as T;
    }
    return value;
  }
}

/** The value as written in a JSON string, in Slack's escaped text, and plain. */
function escapedForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const slack = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [...new Set([value, json, slack, JSON.stringify(json).slice(1, -1)])];
}
