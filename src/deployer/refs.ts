import { REF_PATTERN } from '../config/sections/services';
import { UserError } from '../robot/errors';

/** A release id: UTC time of the deploy and the short commit, e.g. 20250314-093012-3f2c1ab. */
export const RELEASE_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{7}(?:-\d{1,3})?$/;

/**
 * Refs typed in chat reach git (never a shell), but git has its own syntax (`@{-1}`, `^`, `:`,
 * `..`, options starting with `-`). Only plain branch, tag and commit names pass; the message says
 * which characters were refused so a typo is easy to fix.
 */
export function validateRef(ref: string): string {
  if (REF_PATTERN.test(ref)) return ref;
  const shown = JSON.stringify(ref.length > 60 ? `${ref.slice(0, 60)}…` : ref);
  if (ref.length === 0) throw new UserError('the ref after "@" is empty: give a branch, tag or commit like api@main');
  if (ref.length > 128) throw new UserError(`ref ${shown} is too long (at most 128 characters)`);
  const bad = [...new Set([...ref].filter((char) => !/[A-Za-z0-9._/-]/.test(char)))];
  if (bad.length > 0) {
    const names = bad.slice(0, 5).map(describeChar).join(', ');
    throw new UserError(`ref ${shown} contains ${names}: refs may only use letters, digits, ".", "_", "-" and "/"`);
  }
  throw new UserError(`ref ${shown} is not a plain branch, tag or commit name (no leading "-" or ".", no "..", "//", "@{" or trailing "/", "." or ".lock")`);
}

function describeChar(char: string): string {
  if (char === '\n' || char === '\r') return 'a newline';
  if (/\s/.test(char)) return 'a space';
  if (char === '`') return 'a backtick';
  if (char.codePointAt(0)! > 127) return `the non-ASCII character "${char}"`;
  return `"${char}"`;
}

export function validateReleaseId(id: string): string {
  if (RELEASE_PATTERN.test(id)) return id;
  throw new UserError(`"${id.slice(0, 60)}" is not a release id; they look like 20250314-093012-3f2c1ab (see \`deploy status\` or \`deploys <service>\`)`);
}

/** Release id for a deploy starting at `now` of `commit`; `taken` ids get a -2, -3 suffix. */
export function makeReleaseId(now: number, commit: string, taken: ReadonlySet<string> = new Set()): string {
  const iso = new Date(now).toISOString();
  const base = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${commit.slice(0, 7).toLowerCase()}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
