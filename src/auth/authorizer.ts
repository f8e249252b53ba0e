import type { AuthConfig } from '../config/sections/auth';
import type { CommandSpec } from '../robot/listener';
import type { User } from '../robot/message';
import { decide, decideAnyTarget, type AccessRequest, type Decision } from './policy';
import { resolveRoles } from './roles';
import type { UserDirectory } from './user-directory';

export interface AuthorizerOptions {
  config: AuthConfig;
  directory: UserDirectory;
  /** The built-in sandbox: everyone may run everything (confirmations still apply). */
  sandbox: boolean;
}

/** What the middleware, `help` and the confirmation flow ask: may this user run this command here? */
export class Authorizer {
  constructor(private readonly options: AuthorizerOptions) {}

  get config(): AuthConfig {
    return this.options.config;
  }

  get sandbox(): boolean {
    return this.options.sandbox;
  }

  async check(user: User, request: AccessRequest): Promise<Decision> {
    if (this.options.sandbox) return { allowed: true, reason: 'sandbox: everything is allowed' };
    const channelName = request.channelName ?? (await this.options.directory.channelName?.(request.channel));
    const roles = await resolveRoles(user.id, this.options.config.roles, this.options.directory);
    return decide({ ...request, channelName }, this.options.config.rules, roles);
  }

  /** For `help`: may the user run the command here for some target? */
  async checkAnyTarget(user: User, request: Omit<AccessRequest, 'target'>): Promise<Decision> {
    if (this.options.sandbox) return { allowed: true, reason: 'sandbox: everything is allowed' };
    const channelName = request.channelName ?? (await this.options.directory.channelName?.(request.channel));
    const roles = await resolveRoles(user.id, this.options.config.roles, this.options.directory);
    return decideAnyTarget({ ...request, channelName }, this.options.config.rules, roles);
  }

  /** The request a listener's declaration makes for a given match. */
  static requestFor(spec: CommandSpec, match: RegExpMatchArray | undefined, channel: string): AccessRequest {
    return { command: spec.name, target: match ? normalizeTarget(spec, match) : undefined, mutates: spec.mutates ?? false, channel };
  }

  /** Whether the command wants a confirmation for this match (its own choice; rules may override). */
  static specConfirms(spec: CommandSpec, match: RegExpMatchArray): boolean {
    if (typeof spec.confirm === 'function') return Boolean(spec.confirm(match));
    return spec.confirm ?? false;
  }
}

/** One-line target; a target function that throws fails the command before anything runs. */
function normalizeTarget(spec: CommandSpec, match: RegExpMatchArray): string | undefined {
  const target = spec.target?.(match);
  return target === undefined ? undefined : String(target).replace(/\s+/g, ' ').trim() || undefined;
}
