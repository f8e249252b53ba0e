import type { ConfigInput } from '../config/schema';
import type { SandboxOptions } from './sandbox-config';

export function sandboxMonitors(_options: SandboxOptions): ConfigInput['monitors'] {
  return [];
}
