import type { ConfigInput } from '../config/schema';
import type { SandboxOptions } from './sandbox-config';

export function sandboxScaling(_options: SandboxOptions): ConfigInput['scaling'] {
  return {};
}
