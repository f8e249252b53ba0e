/** A network error in a few words for the DOWN message ("connection refused", "timeout after 10s"). */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ETIMEDOUT_CHECK':
      return `timeout after ${formatSeconds(timeoutMs)}`;
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DNS lookup failed (${(error as { hostname?: string }).hostname ?? 'host'})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_HEADER_TOKEN':
      return 'invalid HTTP response';
    case 'CERT_HAS_EXPIRED':
      return 'TLS certificate has expired';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS: ${message.split('\n')[0]}`;
    default:
      if (message === 'socket hang up') return 'connection closed without an answer';
      return message.split('\n')[0] || 'check failed';
  }
}

export function timeoutError(): Error {
  return Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_CHECK' });
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
