// Description:
//   Deploy services to their hosts: rolling releases over SSH with locks, health checks and rollback.
// Commands:
//   bot deploy <service>[@<ref>] [to <env>] - roll a release out (batches, health checks, rollback on failure)
//   bot deploy <service>[@<ref>] [to <env>] --dry-run - show hosts, batches and the exact remote steps; nothing changes
//   bot plan deploy <service>[@<ref>] [to <env>] - same as --dry-run
//   bot deploy status [<service>] - the live release on each host, per environment, and drift
//   bot deploys <service> [in <env>] - the last deploys: who, ref, commit, when, result, duration
//   bot deploy history <service> [in <env>] - same as deploys
//   bot rollback <service> [to <release>] [in <env>] - back to the previous healthy release every host has
//   bot deploy lock <service> [to <env>] [reason] - stop deploys until unlocked
//   bot deploy unlock <service> [to <env>] - remove a lock (also an interrupted deploy's)
//   bot deploy cancel <service> [to <env>] - stop a running deploy after its current batch and roll that batch back
// Configuration:
//   services.<name> in opsbot.yaml (see docs/deploy.md)
import type { Deployer } from '../src/deployer/deployer';
import { LivingMessage } from '../src/deployer/living-message';
import { parseDeployArgs, parseRollbackArgs, parseServiceEnvArgs } from '../src/deployer/parse-command';
import { planHeadline, renderDryRun, renderFailureDetail, renderHistory, renderProgress, renderStatus, renderSummary } from '../src/deployer/render';
import type { DeployObserver, DeployReport } from '../src/deployer/types';
import type { Response } from '../src/robot/response';
import type { Robot } from '../src/robot/robot';

const SUBCOMMANDS = '(?:status|history|lock|unlock|cancel)(?:\\s|$)';

export default (robot: Robot) => {
  const deployer = (): Deployer => robot.need('deployer');
  const safe = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch {
      return fallback;
    }
  };
  const deployTarget = (text: string) =>
    safe(() => {
      const args = parseDeployArgs(text);
      return `${args.service} to ${deployer().environmentFor(args.service, args.environment)}`;
    }, text.trim());
  const isProduction = (text: string) => safe(() => / to production$/.test(deployTarget(text)), true);
  const rollbackTarget = (text: string) =>
    safe(() => {
      const args = parseRollbackArgs(text);
      return `${args.service} to ${deployer().environmentFor(args.service, args.environment)}`;
    }, text.trim());
  const envTarget = (text: string) =>
    safe(() => {
      const args = parseServiceEnvArgs(text, '', true);
      return `${args.service} to ${deployer().environmentFor(args.service, args.environment)}`;
    }, text.trim());

  // Dry runs are registered first and excluded from `deploy` below, so they never mutate.
  const dryRun = async (res: Response, text: string) => {
    const args = parseDeployArgs(text);
    const plan = await deployer().plan({ service: args.service, ref: args.ref, environment: args.environment, user: res.user.name });
    await res.send(renderDryRun(plan));
  };
  robot.respond(/deploy\s+(?!status|history|lock|unlock|cancel)(.*--dry-run.*)$/is, { name: 'deploy.plan', target: (m) => deployTarget(m[1]) }, (res) => dryRun(res, res.match[1]));
  robot.respond(/plan\s+deploy\s+(.+)$/is, { name: 'deploy.plan', target: (m) => deployTarget(m[1]) }, (res) => dryRun(res, res.match[1]));

  robot.respond(
    new RegExp(`deploy\\s+(?!${SUBCOMMANDS})(?!.*--dry-run)(.+)$`, 'is'),
    {
      name: 'deploy',
      mutates: true,
      target: (m) => deployTarget(m[1]),
      confirm: (m) => isProduction(m[1]),
      describe: (m) => `deploy ${deployTarget(m[1])}`,
    },
    async (res) => {
      const args = parseDeployArgs(res.match[1]);
      if (args.dryRun) return dryRun(res, res.match[1]);
      await runWithProgress(robot, res, (observer) => deployer().deploy({ service: args.service, ref: args.ref, environment: args.environment, user: res.user.name, channel: res.channel }, observer));
    },
  );

  robot.respond(
    /rollback\s+(.+)$/is,
    { name: 'rollback', mutates: true, target: (m) => rollbackTarget(m[1]), confirm: (m) => / to production$/.test(rollbackTarget(m[1])), describe: (m) => `rollback ${m[1].trim()}` },
    async (res) => {
      const args = parseRollbackArgs(res.match[1]);
      await runWithProgress(robot, res, (observer) => deployer().rollback({ service: args.service, release: args.release, environment: args.environment, user: res.user.name, channel: res.channel }, observer));
    },
  );

  robot.respond(/deploy\s+status(?:\s+(\S+))?\s*$/i, { name: 'deploy.status', target: (m) => m[1] ?? 'all' }, async (res) => {
    await res.send(renderStatus(await deployer().status(res.match[1])));
  });

  const history = async (res: Response) => {
    const args = parseServiceEnvArgs(res.match[1], '`deploys <service> [in <env>]`', false);
    const records = await deployer().history(args.service, 10, args.environment);
    await res.send(renderHistory(args.service, records));
  };
  robot.respond(/deploys\s+(.+)$/is, { name: 'deploy.history', target: (m) => m[1].trim() }, history);
  robot.respond(/deploy\s+history\s+(.+)$/is, { name: 'deploy.history', target: (m) => m[1].trim() }, history);

  robot.respond(/deploy\s+lock\s+(.+)$/is, { name: 'deploy.lock', mutates: true, target: (m) => envTarget(m[1]) }, async (res) => {
    const args = parseServiceEnvArgs(res.match[1], '`deploy lock <service> [to <env>] [reason]`', true);
    const lock = await deployer().lock(args.service, args.environment, res.user.name, args.reason);
    await res.send(`🔒 ${lock.service} to ${lock.environment} locked by ${lock.owner}${lock.reason ? `: ${lock.reason}` : ''}; deploys are refused until \`deploy unlock ${lock.service}\``);
  });
  robot.respond(/deploy\s+unlock\s+(.+)$/is, { name: 'deploy.unlock', mutates: true, target: (m) => envTarget(m[1]) }, async (res) => {
    const args = parseServiceEnvArgs(res.match[1], '`deploy unlock <service> [to <env>]`', false);
    await res.send(await deployer().unlock(args.service, args.environment, res.user.name));
  });
  robot.respond(/deploy\s+cancel\s+(.+)$/is, { name: 'deploy.cancel', mutates: true, target: (m) => envTarget(m[1]) }, async (res) => {
    const args = parseServiceEnvArgs(res.match[1], '`deploy cancel <service> [to <env>]`', false);
    await res.send(await deployer().cancel(args.service, args.environment, res.user.name));
  });
};

/** The plan at once, one living message while hosts progress, the summary, failure detail in the thread. */
async function runWithProgress(robot: Robot, res: Response, run: (observer: DeployObserver) => Promise<DeployReport>): Promise<void> {
  const living = new LivingMessage({ send: (m) => res.send(m), update: (ref, m) => res.update(ref, m) }, 1500, () => robot.clock.now());
  let planned: DeployReport['plan'] | undefined;
  const report = await run({
    planned: async (plan) => {
      planned = plan;
      await living.start(`${planHeadline(plan)} — starting`);
    },
    progress: (snapshot) => {
      if (planned) living.set(renderProgress(snapshot, planned, robot.clock.now()));
    },
  });
  await living.flush();
  await res.send(renderSummary(report));
  const ref = living.reference;
  if (ref) {
    for (const host of report.result.hosts.filter((h) => h.phase === 'failed' || h.failedStep)) await res.sendInThread(ref, renderFailureDetail(host));
    if (report.result.hosts.length === 0 && report.result.error) await res.sendInThread(ref, { text: `failed at ${report.result.failedStep}: ${report.result.error}`, tone: 'danger' });
  }
}
