import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { AuditLog } from './audit-log';

/**
 * GET /audit: the audit log as JSON lines, behind a bearer token (auth.auditToken).
 * Query: limit (default 100, at most 10000), after=<seq> (entries after it, oldest first, for
 * polling), user=<id or name>, command=<name>. Without a configured token the route answers 404.
 */
export function mountAuditRoute(router: Router, audit: AuditLog, token: string | undefined): void {
  router.get('/audit', async (req: Request, res: Response) => {
    if (!token) {
      res.status(404).type('text/plain').send('the audit API is off: set auth.auditToken in the config\n');
      return;
    }
    if (!bearerMatches(req.headers.authorization, token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="opsbot audit"').type('text/plain').send('a valid bearer token is required\n');
      return;
    }
    const problems: string[] = [];
    const limit = intParam(req.query.limit, 'limit', 1, 10_000, problems) ?? 100;
    const after = intParam(req.query.after, 'after', 0, Number.MAX_SAFE_INTEGER, problems);
    const user = stringParam(req.query.user, 'user', problems);
    const command = stringParam(req.query.command, 'command', problems);
    if (problems.length) {
      res.status(400).json({ error: problems.join('; ') });
      return;
    }
    const records = await audit.query({ limit, afterSeq: after, user, command });
    // Oldest first in both modes, so a reader can remember the last seq and poll with after=.
    const ordered = after === undefined ? [...records].reverse() : records;
    res.type('application/x-ndjson').send(ordered.map((record) => `${JSON.stringify({ ...record, time: new Date(record.at).toISOString() })}\n`).join(''));
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const given = createHash('sha256').update(match[1]).digest();
  const wanted = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, wanted);
}

function intParam(value: unknown, name: string, min: number, max: number, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    problems.push(`${name}: expected a whole number from ${min} to ${max}`);
    return undefined;
  }
  return number;
}

function stringParam(value: unknown, name: string, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 100) {
    problems.push(`${name}: expected one value of at most 100 characters`);
    return undefined;
  }
  return value;
}
