import { exportEnv, shellQuote as q } from '../transport/shell-quote';
import { RELEASE_PATTERN } from './refs';

/**
 * Every command the deployer runs on a host, built here and nowhere else. Values are always
 * single-quoted; the only unquoted text is the operator's own install/restart/health templates
 * from the config, and even those run through `bash -c '<template>'` so they cannot break out of
 * the `cd ... &&` that places them.
 */
export interface ReleaseLayout {
  /** The service's path on the host, already prefixed by the session root. */
  path: string;
  releaseId: string;
}

export interface TemplateEnv {
  service: string;
  environment: string;
  releaseId: string;
  commit: string;
  ref: string;
  host: string;
  path: string;
}

const releaseDir = (layout: ReleaseLayout) => `${layout.path}/releases/${layout.releaseId}`;
export const uploadPath = (layout: ReleaseLayout) => `${layout.path}/.opsbot/${layout.releaseId}.tar.gz`;

/** Creates the layout and prints what statusCommand prints: the live release and every release. */
export function prepareCommand(path: string): string {
  return `mkdir -p ${q(`${path}/releases`)} ${q(`${path}/.opsbot`)} && { ${statusCommand(path)}; }`;
}

/** Exit code of stageCommand when the checksum does not match (anything else non-zero: unpack). */
export const CHECKSUM_MISMATCH = 81;

/** Verify and unpack in one round trip (each exec costs a session on the host). */
export function stageCommand(layout: ReleaseLayout, checksum: string): string {
  return `{ ${verifyCommand(layout, checksum, CHECKSUM_MISMATCH)}; } && ${unpackCommand(layout)}`;
}

export function verifyCommand(layout: ReleaseLayout, checksum: string, exitCode = 1): string {
  if (!/^[0-9a-f]{64}$/.test(checksum)) throw new Error(`bad checksum ${checksum}`);
  const file = q(uploadPath(layout));
  return `actual=$(sha256sum < ${file} | cut -c1-64) && if [ "$actual" != ${q(checksum)} ]; then echo "checksum mismatch: expected ${checksum}, got $actual" >&2; exit ${exitCode}; fi`;
}

/** Unpacks next to the final name and renames, so a half-unpacked release never has the real name. */
export function unpackCommand(layout: ReleaseLayout): string {
  const dir = releaseDir(layout);
  const partial = `${dir}.partial`;
  return [
    `rm -rf ${q(partial)}`,
    `mkdir -p ${q(partial)}`,
    `tar -xzf ${q(uploadPath(layout))} -C ${q(partial)}`,
    `rm -rf ${q(dir)}`,
    `mv -T ${q(partial)} ${q(dir)}`,
    `rm -f ${q(uploadPath(layout))}`,
  ].join(' && ');
}

/** Runs an operator template from the config in a directory with the deploy's facts exported. */
export function templateCommand(dir: string, template: string, env: TemplateEnv): string {
  return `cd ${q(dir)} && ${exportEnv(templateVariables(env))} && bash -c ${q(template)}`;
}

export function installCommand(layout: ReleaseLayout, template: string, env: TemplateEnv): string {
  return templateCommand(releaseDir(layout), template, env);
}

/** restart and command health checks run in `current`, i.e. the release just switched to. */
export function inCurrentCommand(path: string, template: string, env: TemplateEnv): string {
  return templateCommand(`${path}/current`, template, env);
}

export function templateVariables(env: TemplateEnv): Record<string, string> {
  return {
    SERVICE: env.service,
    ENVIRONMENT: env.environment,
    RELEASE_ID: env.releaseId,
    RELEASE_DIR: `${env.path}/releases/${env.releaseId}`,
    DEPLOY_PATH: env.path,
    COMMIT: env.commit,
    REF: env.ref,
    DEPLOY_HOST: env.host,
  };
}

/** Atomic switch: a new symlink under a temporary name, renamed over `current` (rename(2) is atomic). */
export function switchCommand(layout: ReleaseLayout): string {
  const temp = `${layout.path}/.current-${layout.releaseId}.tmp`;
  return `test -d ${q(releaseDir(layout))} && ln -sfn ${q(`releases/${layout.releaseId}`)} ${q(temp)} && mv -T ${q(temp)} ${q(`${layout.path}/current`)}`;
}

/** Prints `current=<link>` then one release per line. */
export function statusCommand(path: string): string {
  return `printf 'current=%s\\n' "$(readlink ${q(`${path}/current`)} 2>/dev/null)"; ls -1 ${q(`${path}/releases`)} 2>/dev/null || true`;
}

export function parseStatus(stdout: string): { current?: string; releases: string[] } {
  const lines = stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  const currentLine = lines.find((line) => line.startsWith('current='));
  const link = currentLine?.slice('current='.length);
  return { current: link ? releaseOfLink(link) : undefined, releases: lines.filter((line) => RELEASE_PATTERN.test(line)).sort() };
}

/** `releases/<id>` (or an absolute path ending in it) → `<id>`. */
export function releaseOfLink(link: string): string | undefined {
  const name = link.trim().replace(/\/+$/, '').split('/').pop();
  return name || undefined;
}

export function hasReleaseCommand(path: string, releaseId: string): string {
  return `test -d ${q(`${path}/releases/${releaseId}`)}`;
}

/**
 * Releases to delete: all but the newest `keep`, never the live one or the previous one.
 * Release ids sort by time, so a string sort is chronological.
 */
export function releasesToPrune(releases: readonly string[], keep: number, live: string | undefined, previous: string | undefined): string[] {
  const sorted = [...new Set(releases.filter((id) => RELEASE_PATTERN.test(id)))].sort();
  const kept = new Set(sorted.slice(-keep));
  return sorted.filter((id) => !kept.has(id) && id !== live && id !== previous);
}

export function removeReleasesCommand(path: string, releases: readonly string[]): string {
  for (const id of releases) if (!RELEASE_PATTERN.test(id)) throw new Error(`refusing to remove ${JSON.stringify(id)}: not a release id`);
  return `rm -rf -- ${releases.map((id) => q(`${path}/releases/${id}`)).join(' ')}`;
}
