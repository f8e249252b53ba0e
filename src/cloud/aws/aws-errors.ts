import { OpsError } from '../../robot/errors';

interface AwsLikeError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException']);
const FORBIDDEN = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException', 'AuthFailure', 'OptInRequired']);
const CAPACITY = new Set(['InsufficientInstanceCapacity', 'InsufficientCapacity', 'InstanceLimitExceeded', 'VcpuLimitExceeded', 'MaxSpotInstanceCountExceeded']);

export function awsErrorCode(error: unknown): string {
  const e = error as AwsLikeError;
  return e?.Code ?? e?.name ?? 'Error';
}

/**
 * One sentence a person can act on, per AWS failure. The SDK already retried throttling with its
 * adaptive strategy; the orchestrator then waits a cooldown instead of retrying at once.
 */
export function toOpsError(error: unknown, operation: string): OpsError {
  if (error instanceof OpsError) return error;
  const code = awsErrorCode(error);
  const detail = ((error as AwsLikeError)?.message ?? '').split('\n')[0].slice(0, 200);
  if (THROTTLING.has(code)) {
    return new OpsError('upstream', `AWS throttled ${operation} (${code}) after the SDK's retries; the next evaluation tries again`, { cause: error });
  }
  if (FORBIDDEN.has(code)) {
    return new OpsError('forbidden', `the bot's AWS role may not call ${operation} (${code}); grant it in IAM${detail ? `: ${detail}` : ''}`, { cause: error });
  }
  if (CAPACITY.has(code)) {
    return new OpsError('upstream', `EC2 could not launch: ${code}${detail ? ` (${detail})` : ''}; try another instance type or zone in the launch template`, { cause: error });
  }
  if (/^InvalidLaunchTemplate|^InvalidParameter|^InvalidTarget|^TargetGroupNotFound|^MissingParameter/.test(code)) {
    return new OpsError('config', `${operation} rejected the group's settings: ${code}${detail ? ` (${detail})` : ''}`, { cause: error });
  }
  if (code === 'CredentialsProviderError' || /credential/i.test(detail)) {
    return new OpsError('config', `no AWS credentials for ${operation}: set a role, profile or AWS_ACCESS_KEY_ID (the SDK's default chain)`, { cause: error });
  }
  return new OpsError('upstream', `${operation} failed: ${code}${detail && detail !== code ? ` (${detail})` : ''}`, { cause: error });
}
