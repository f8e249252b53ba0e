import type { ConfigInput } from '../config/schema';
import type { SandboxOptions } from './sandbox-config';

export function sandboxServices(_options: SandboxOptions): ConfigInput['services'] {
  return {};
}
