import { resolve } from 'node:path';
import { inCurrentCommand, installCommand, prepareCommand, stageCommand, switchCommand, uploadPath } from './remote-commands';
import type { DeployTarget } from './resolve-target';

/**
 * The exact remote steps a deploy (or rollback) runs on `host`, for dry runs. Built by the same
 * functions the rollout uses, so what is shown is what would run.
 */
export function describeSteps(
  target: DeployTarget,
  host: string,
  facts: { kind: 'deploy' | 'rollback'; releaseId: string; commit: string; ref: string; checksum?: string; artifactBytes?: number },
  hostsDir?: string,
): Array<{ step: string; command: string }> {
  const root = target.config.transport === 'local' && hostsDir ? resolve(hostsDir, host) : '';
  const path = `${root}${target.config.path}`;
  const layout = { path, releaseId: facts.releaseId };
  const env = { service: target.service, environment: target.environment, releaseId: facts.releaseId, commit: facts.commit, ref: facts.ref, host, path };
  const steps: Array<{ step: string; command: string }> = [{ step: 'prepare', command: prepareCommand(path) }];
  if (facts.kind === 'deploy') {
    steps.push({ step: 'upload', command: `the artifact${facts.artifactBytes ? ` (${facts.artifactBytes} bytes)` : ''} → ${uploadPath(layout)}` });
    const stage = stageCommand(layout, facts.checksum ?? '0'.repeat(64));
    steps.push({ step: 'verify + unpack', command: facts.checksum ? stage : stage.replace(/0{64}/g, '<sha256 of the artifact>') });
    if (target.config.install) steps.push({ step: 'install', command: installCommand(layout, target.config.install, env) });
  }
  steps.push({ step: 'switch', command: switchCommand(layout) });
  if (target.config.restart) steps.push({ step: 'restart', command: inCurrentCommand(path, target.config.restart, env) });
  const health = target.health;
  if (health?.url) steps.push({ step: 'health', command: `GET ${health.url} (from the bot; ${health.retries} tries, ${health.interval / 1000}s apart)` });
  if (health?.command) steps.push({ step: 'health', command: inCurrentCommand(path, health.command, env) });
  if (facts.kind === 'deploy') steps.push({ step: 'prune', command: `rm -rf -- <releases beyond keepReleases=${target.config.keepReleases}, never the live or previous one> (only when there are any)` });
  return steps;
}
