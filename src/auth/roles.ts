import type { AuthConfig } from '../config/sections/auth';
import type { UserDirectory } from './user-directory';

/**
 * Every role the user holds: directly (users), through a chat user group (groups), or through a
 * role that includes another (roles). Config validation already rejected unknown roles and cycles.
 */
export async function resolveRoles(userId: string, roles: AuthConfig['roles'], directory: UserDirectory): Promise<Set<string>> {
  const direct = new Set<string>();
  for (const [name, role] of Object.entries(roles)) {
    if (role.users.includes('*') || role.users.includes(userId)) {
      direct.add(name);
      continue;
    }
    for (const group of role.groups) {
      if ((await directory.groupMembers(group)).includes(userId)) {
        direct.add(name);
        break;
      }
    }
  }
  return expandRoles(direct, roles);
}

/** Adds every role that includes one already held, until nothing changes. */
export function expandRoles(held: ReadonlySet<string>, roles: AuthConfig['roles']): Set<string> {
  const result = new Set(held);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, role] of Object.entries(roles)) {
      if (!result.has(name) && role.roles.some((inner) => result.has(inner))) {
        result.add(name);
        grew = true;
      }
    }
  }
  return result;
}
