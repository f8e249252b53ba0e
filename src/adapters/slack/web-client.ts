import { webApi } from '@slack/bolt';

const { ErrorCode, WebClient } = webApi;
export type WebClient = webApi.WebClient;
type WebClientOptions = webApi.WebClientOptions;
import { PermanentDeliveryError, RateLimitedError } from '../../outbox/transport-errors';

/**
 * The Web API client the bot posts with. Rate-limited calls are rejected (the outbox paces each
 * channel itself: the stock client would pause every call on one 429) and the SDK's own retries
 * are off, so a 5xx reaches the outbox's backoff instead of stalling a channel for half an hour.
 */
export function createWebClient(token: string, apiUrl?: string, extra: WebClientOptions = {}): WebClient {
  return new WebClient(token, { ...clientOptions(apiUrl), ...extra });
}

export function clientOptions(apiUrl?: string): WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 15_000,
  };
}

/** Errors Slack answers with ok:false that go away by themselves. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org',
  // A revoked or mistyped token is fixed by a restart with a new one: keep the messages for then.
  'invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);

export function platformErrorCode(error: unknown): string | undefined {
  const coded = error as { code?: string; data?: { error?: string } };
  return coded?.code === ErrorCode.PlatformError ? coded.data?.error : undefined;
}

/** Maps a Web API failure onto what the outbox understands: wait exactly, give up (park), or back off. */
export function toDeliveryError(error: unknown): unknown {
  const coded = error as { code?: string; retryAfter?: number };
  if (coded?.code === ErrorCode.RateLimitedError) return new RateLimitedError((coded.retryAfter ?? 1) * 1000);
  const code = platformErrorCode(error);
  if (code === undefined || TRANSIENT.has(code)) return error;
  if (code === 'ratelimited') return new RateLimitedError(1000);
  return new PermanentDeliveryError(code, `Slack refused the message: ${code}`);
}
