import type { ConfigInput } from '../config/schema';
import { sandboxAlerts } from './alerts';
import { sandboxMonitors } from './monitors';
import { sandboxScaling } from './scaling';
import { sandboxServices } from './services';

export interface SandboxOptions {
  /** Where the sandbox keeps its pretend hosts and state. */
  dataDir: string;
}

/**
 * The configuration used when there is no opsbot.yaml: every command works on a fresh machine with
 * no cloud, no Slack and no servers. Each capability contributes its part from its own file.
 */
export function buildSandboxConfig(options: SandboxOptions): ConfigInput {
  return {
    bot: { name: 'opsbot', adminChannel: 'ops-alerts' },
    services: sandboxServices(options),
    scaling: sandboxScaling(options),
    monitors: sandboxMonitors(options),
    alerts: sandboxAlerts(options),
  };
}
