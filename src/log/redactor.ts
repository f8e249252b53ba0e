/**
 * Removes secrets from any text before it leaves the process (logs, chat, errors, audit).
 * Known values (tokens from the environment, every ${VAR} in config) are replaced exactly;
 * patterns catch secrets we were never told about (Slack tokens, AWS keys, private keys).
 */
export const REDACTED = '[redacted]';

const PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]{6,}/g, // Slack bot/user/... tokens
  /\bxapp-[A-Za-z0-9-]{6,}/g, // Slack app-level tokens
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(aws_secret_access_key|password|passwd|secret|token)(["']?\s*[:=]\s*["']?)([^\s"',;]{4,})/gi,
];

export class Redactor {
  private values: string[] = [];

  constructor(values: Iterable<string> = []) {
    this.add(values);
  }

  add(values: Iterable<string | undefined>): void {
    for (const value of values) if (value && value.length >= 4 && !this.values.includes(value)) this.values.push(value);
    // Longest first, so a secret containing another is replaced whole.
    this.values.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    for (const pattern of PATTERNS) {
      out = out.replace(pattern, (...groups: string[]) => (groups.length > 4 && groups[2] !== undefined && /[:=]/.test(groups[2]) ? `${groups[1]}${groups[2]}${REDACTED}` : REDACTED));
    }
    return out;
  }

  /** Deep copy with every string redacted (for structured records like audit entries). */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.redactDeep(item)])) as T;
    }
    return value;
  }
}
