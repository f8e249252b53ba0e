import { UserError } from '../robot/errors';
import { RELEASE_PATTERN, validateRef } from './refs';

export interface DeployArgs {
  service: string;
  ref?: string;
  environment?: string;
  dryRun: boolean;
}

export interface RollbackArgs {
  service: string;
  release?: string;
  environment?: string;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/i;

/** Chat arguments are one line of plain words; anything else is refused before it goes anywhere. */
function words(text: string, usage: string): string[] {
  if (/[\r\n]/.test(text)) throw new UserError(`one line please: ${usage} (the command contains a newline)`);
  return text.trim().split(/[ \t]+/).filter(Boolean);
}

function name(word: string | undefined, what: string, usage: string): string {
  if (!word) throw new UserError(`which ${what}? ${usage}`);
  if (!NAME.test(word)) throw new UserError(`"${word.slice(0, 40)}" is not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} name (letters, digits, "-" and "_"); ${usage}`);
  return word;
}

/** `api`, `api@v1.2`, `api@main to staging`, `api --dry-run`. */
export function parseDeployArgs(text: string): DeployArgs {
  const usage = '`deploy <service>[@<ref>] [to <env>] [--dry-run]`';
  const parts = words(text, usage);
  let dryRun = false;
  const rest = parts.filter((part) => {
    if (part === '--dry-run' || part === '--dryrun' || part === '-n') return !(dryRun = true);
    return true;
  });
  const [first, ...tail] = rest;
  if (!first) throw new UserError(`which service? ${usage}`);
  const at = first.indexOf('@');
  const service = name(at >= 0 ? first.slice(0, at) : first, 'service', usage);
  const ref = at >= 0 ? validateRef(first.slice(at + 1)) : undefined;
  let environment: string | undefined;
  if (tail.length > 0) {
    if (tail[0] !== 'to' || tail.length !== 2) throw new UserError(`I don't understand "${tail.join(' ').slice(0, 60)}"; ${usage}`);
    environment = name(tail[1], 'environment', usage);
  }
  return { service, ref, environment, dryRun };
}

/** `api`, `api to 20250314-093012-3f2c1ab`, `api in staging`, `api to staging`. */
export function parseRollbackArgs(text: string): RollbackArgs {
  const usage = '`rollback <service> [to <release>] [in <env>]`';
  const [first, ...tail] = words(text, usage);
  const result: RollbackArgs = { service: name(first, 'service', usage) };
  for (let i = 0; i < tail.length; i += 2) {
    const [keyword, value] = [tail[i], tail[i + 1]];
    if ((keyword !== 'to' && keyword !== 'in') || !value) throw new UserError(`I don't understand "${tail.slice(i).join(' ').slice(0, 60)}"; ${usage}`);
    if (keyword === 'to' && RELEASE_PATTERN.test(value)) result.release = value;
    else if (/^\d{8}-/.test(value)) throw new UserError(`"${value.slice(0, 40)}" is not a release id; they look like 20250314-093012-3f2c1ab`);
    else result.environment = name(value, 'environment', usage);
  }
  return result;
}

/** `api`, `api to staging`, `api to staging reason words`, `api reason words` (lock). */
export function parseServiceEnvArgs(text: string, usage: string, allowReason: boolean): { service: string; environment?: string; reason?: string } {
  const [first, ...tail] = words(text, usage);
  const service = name(first, 'service', usage);
  let environment: string | undefined;
  let rest = tail;
  if (tail[0] === 'to' || tail[0] === 'in') {
    environment = name(tail[1], 'environment', usage);
    rest = tail.slice(2);
  }
  if (rest.length > 0 && !allowReason) throw new UserError(`I don't understand "${rest.join(' ').slice(0, 60)}"; ${usage}`);
  const reason = rest.join(' ').slice(0, 200) || undefined;
  return { service, environment, reason };
}
