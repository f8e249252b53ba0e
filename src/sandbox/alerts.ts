import type { ConfigInput } from '../config/schema';
import type { SandboxOptions } from './sandbox-config';

export function sandboxAlerts(_options: SandboxOptions): ConfigInput['alerts'] {
  return {};
}
