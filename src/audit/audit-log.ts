import type { Redactor } from '../log/redactor';
import type { Store } from '../store/store';

export const AUDIT_STREAM = 'audit';
/** Longest text kept per entry; commands are at most 4,000 characters anyway. */
const MAX_TEXT = 4000;

export type AuditOutcome = 'ok' | 'error' | 'denied' | 'pending' | 'cancelled';

/** One command or button click: who, where, what, the decision, and how it ended. */
export interface AuditEntry {
  /** Milliseconds since the epoch when it started. */
  at: number;
  kind: 'command' | 'button';
  user: { id: string; name: string };
  channel: string;
  thread?: string;
  /** The command text, or the button's action id. */
  text: string;
  /** The command's spec name and target as parsed, or the button's action. */
  command?: string;
  target?: string;
  allowed?: boolean;
  /** The deciding auth rule, or why it was allowed or denied. */
  rule?: string;
  reason?: string;
  /** A confirmation this entry asked for or ran under, and who approved it. */
  confirmation?: string;
  confirmedBy?: Array<{ id: string; name: string }>;
  outcome: AuditOutcome;
  error?: string;
  durationMs: number;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
}

export interface AuditQuery {
  limit?: number;
  /** A user id or name (matches either). */
  user?: string;
  /** A command name ("deploy" also matches "deploy.status"). */
  command?: string;
  /** Only entries after this sequence number (incremental polling). */
  afterSeq?: number;
}

/**
 * The append-only audit stream. Entries are redacted before they are stored, so the log itself
 * never holds a secret, whoever reads it later.
 */
export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly redactor: Redactor,
  ) {}

  async record(entry: AuditEntry): Promise<number> {
    const clean = this.redactor.redactDeep({ ...entry, text: entry.text.length > MAX_TEXT ? `${entry.text.slice(0, MAX_TEXT)}…` : entry.text });
    return this.store.append(AUDIT_STREAM, dropUndefined(clean));
  }

  /**
   * Matching entries. Without afterSeq: the latest `limit`, newest first (scanning back in
   * pages). With afterSeq: the next `limit` after it, oldest first.
   */
  async query(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const limit = Math.max(1, Math.min(query.limit ?? 20, 10_000));
    const newestFirst = query.afterSeq === undefined;
    const found: AuditRecord[] = [];
    let cursor = query.afterSeq;
    for (let page = 0; page < 50 && found.length < limit; page += 1) {
      const entries = await this.store.read<AuditEntry>(AUDIT_STREAM, { newestFirst, afterSeq: cursor, limit: 500 });
      for (const entry of entries) {
        if (matches(entry.value, query)) found.push({ ...entry.value, seq: entry.seq });
        if (found.length === limit) break;
      }
      if (entries.length < 500) break;
      cursor = entries[entries.length - 1].seq;
    }
    return found;
  }
}

function matches(entry: AuditEntry, query: AuditQuery): boolean {
  if (query.user) {
    const wanted = query.user.replace(/^@/, '').toLowerCase();
    if (entry.user.id.toLowerCase() !== wanted && entry.user.name.toLowerCase() !== wanted) return false;
  }
  if (query.command) {
    const wanted = query.command.toLowerCase().replace(/\s+/g, '.');
    const name = (entry.command ?? '').toLowerCase();
    if (name !== wanted && !name.startsWith(`${wanted}.`)) return false;
  }
  return true;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
