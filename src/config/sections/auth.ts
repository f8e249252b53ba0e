import { z } from 'zod';
import { channelName, durationMs } from '../types';

// Owned by authorization (issue 7). docs/auth.md explains every key with an example.

const roleName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'expected a role name of letters, digits, "-" and "_"');

const Role = z.strictObject({
  /** Slack user ids ("U0123ABCD"), the shell's "shell", or "*" for everyone. */
  users: z.array(z.string().regex(/^(\*|[A-Za-z0-9._-]{1,64})$/, 'expected a Slack user id like "U0123ABCD" or "*" for everyone')).default([]),
  /** Slack user groups by handle ("@platform") or id ("S0123ABCD"). */
  groups: z.array(z.string().regex(/^@?[a-z0-9][a-z0-9._-]{0,79}$/i, 'expected a user group like "@platform" or its id')).default([]),
  /** Members of these roles are members of this one too. */
  roles: z.array(roleName).default([]),
});

/** "deploy", "scale mode", "deploy.*", "*": command names are dotted, spaces are accepted. */
const commandPattern = z
  .string()
  .regex(/^[a-z0-9*][a-z0-9*._ -]{0,80}$/i, 'expected a command name like "deploy", "scale mode" or "deploy.*"')
  .transform((name) => name.trim().toLowerCase().replace(/\s+/g, '.'));

const Rule = z.strictObject({
  command: commandPattern,
  /** Glob over the command's target, e.g. "api to production", "* to production", "* act". */
  target: z.string().min(1).max(200).optional(),
  roles: z.array(roleName).min(1, 'name at least one role that may run the command'),
  channels: z.array(channelName).optional(),
  /** Overrides the command's own choice to ask for confirmation. */
  confirm: z.boolean().optional(),
  /** People other than the requester who must approve (two-person rule: 1). Implies confirm. */
  approvers: z.number().int().min(1, 'expected at least 1 approver').max(5, 'expected at most 5 approvers').optional(),
});

export const AuthSection = z
  .strictObject({
    roles: z.record(roleName, Role).default({}),
    rules: z.array(Rule).default([]),
    /** How long a confirmation waits for Approve before it expires. */
    confirmTtl: durationMs.prefault('10m'),
    /** How often Slack user group members are re-read. */
    groupRefresh: durationMs.prefault('5m'),
    /** Bearer token for GET /audit; the endpoint is off without it. Use "${AUDIT_TOKEN}". */
    auditToken: z.string().min(16, 'expected a token of at least 16 characters').optional(),
  })
  .superRefine((auth, context) => {
    const known = Object.keys(auth.roles);
    const unknown = (name: string, path: (string | number)[]) => {
      if (!known.includes(name)) context.addIssue({ code: 'custom', path, message: `unknown role "${name}"${known.length ? ` (roles: ${known.join(', ')})` : ' (define it under auth.roles)'}` });
    };
    for (const [name, role] of Object.entries(auth.roles)) role.roles.forEach((other, i) => unknown(other, ['roles', name, 'roles', i]));
    auth.rules.forEach((rule, r) => rule.roles.forEach((role, i) => unknown(role, ['rules', r, 'roles', i])));
    const cycle = findRoleCycle(auth.roles);
    if (cycle) context.addIssue({ code: 'custom', path: ['roles', cycle[0]], message: `roles include each other in a cycle: ${cycle.join(' → ')}` });
  });

export type AuthConfig = z.infer<typeof AuthSection>;
export type AuthRule = AuthConfig['rules'][number];
export type AuthRole = AuthConfig['roles'][string];

function findRoleCycle(roles: Record<string, { roles: string[] }>): string[] | undefined {
  const visiting: string[] = [];
  const done = new Set<string>();
  const visit = (name: string): string[] | undefined => {
    const at = visiting.indexOf(name);
    if (at >= 0) return [...visiting.slice(at), name];
    if (done.has(name) || !roles[name]) return undefined;
    visiting.push(name);
    for (const other of roles[name].roles) {
      const found = visit(other);
      if (found) return found;
    }
    visiting.pop();
    done.add(name);
    return undefined;
  };
  for (const name of Object.keys(roles)) {
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}
