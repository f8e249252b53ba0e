import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Clock } from '../../events/clock';
import { TokenBucket } from './rate-limit';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time comparison of secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** `Authorization: Bearer <token>` or `?token=<token>` (for senders that cannot set headers, like SNS). */
export function requireToken(token: string): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    const given = bearer ?? query;
    if (!given || !sameSecret(given, token)) {
      res.status(401).json({ error: given ? 'invalid token' : 'missing token: send Authorization: Bearer <token> or ?token=<token>' });
      return;
    }
    next();
  };
}

export function rateLimit(limit: { perMinute: number; burst: number }, clock: Clock): RequestHandler {
  const bucket = new TokenBucket(limit.perMinute, limit.burst, clock.now());
  return (_req, res, next) => {
    const waitMs = bucket.take(clock.now());
    if (waitMs > 0) {
      res.set('Retry-After', String(Math.ceil(waitMs / 1000)));
      res.status(429).json({ error: `rate limit: at most ${limit.perMinute} requests a minute (burst ${limit.burst}); retry later` });
      return;
    }
    next();
  };
}

/** Turns body-parser failures into the answers senders understand: 413, 415, 400. */
export function bodyErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const failure = error as { type?: string; status?: number; message?: string };
  if (failure?.type === 'entity.too.large') res.status(413).json({ error: 'body too large: at most 1 MB' });
  else if (failure?.type === 'entity.parse.failed') res.status(400).json({ error: `body: not valid JSON (${failure.message})` });
  else if (failure?.type === 'encoding.unsupported' || failure?.type === 'charset.unsupported') res.status(415).json({ error: failure.message });
  else if (failure?.status && failure.status >= 400 && failure.status < 500) res.status(failure.status).json({ error: failure.message });
  else next(error);
}
