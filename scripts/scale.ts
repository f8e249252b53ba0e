// Description:
//   Median-CPU autoscaling: see each group's fleet and decision, pause it, switch it to act, replay it.
// Commands:
//   bot scale status [group] - instances with age, load and last hour; median, load predicted at n−1, decision and why
//   bot scale history [group] [count] - the group's recent launches, terminations, failures and changes
//   bot scale pause <group> - stop deciding for a group until resumed
//   bot scale resume <group> - start deciding again
//   bot scale mode <group> simulate|act - announce decisions only, or carry them out (act checks permissions first)
//   bot scale run <group> - evaluate the group now and act (or announce) like the loop would
//   bot scale backtest <group> [7d] [trace.csv] - replay the policy beside target tracking at 50% over history or a CSV trace
//   bot scale simulate <group> load <percent>|total <percent>|stuck <id> [off]|nodata <id> [off] - drive a simulated fleet
// Configuration:
//   scaling.cloud and scaling.groups.<name> in opsbot.yaml (docs/scale.md)
import { SimulatedCloudProvider } from '../src/cloud/simulated/simulated-cloud-provider';
import { parseDuration } from '../src/config/types';
import { describeDecision, formatHistory, formatStatus } from '../src/orchestrator/format-status';
import { OpsError, UserError } from '../src/robot/errors';
import { formatDuration, splitArgs } from '../src/robot/format';
import type { Robot } from '../src/robot/robot';

export default (robot: Robot) => {
  const orchestrator = () => robot.need('orchestrator');
  const groupsOrAll = (group: string | undefined): string[] => {
    const names = group ? [group] : orchestrator().groupNames();
    if (names.length === 0) throw new OpsError('config', 'no scaling groups are configured (scaling.groups in opsbot.yaml)');
    return names;
  };

  robot.respond(/scale status(?:\s+(\S+))?\s*$/i, { name: 'scale.status' }, async (res) => {
    for (const group of groupsOrAll(res.match[1])) {
      const evaluation = await orchestrator().evaluate(group, { historyMs: 3_600_000 });
      await res.send(formatStatus(evaluation, robot.clock.now()));
    }
  });

  robot.respond(/scale history(?:\s+(\S+))?(?:\s+(\d+))?\s*$/i, { name: 'scale.history' }, async (res) => {
    const limit = Math.min(200, Number(res.match[2] ?? 20));
    for (const group of groupsOrAll(res.match[1])) await res.send(formatHistory(group, await orchestrator().history(group, limit), robot.clock.now()));
  });

  robot.respond(/scale (pause|resume)(?:\s+(\S+))?\s*$/i, { name: 'scale.pause', mutates: true, target: (m) => m[2] }, async (res) => {
    const group = required(res.match[2], `scale ${res.match[1]} <group>`);
    const paused = res.match[1].toLowerCase() === 'pause';
    await orchestrator().setPaused(group, paused, res.user.name);
    await res.send(paused ? `scale ${group}: paused; \`scale resume ${group}\` starts it again` : `scale ${group}: resumed`);
  });

  robot.respond(
    /scale mode(?:\s+(\S+))?(?:\s+(\S+))?\s*$/i,
    { name: 'scale.mode', mutates: true, target: (m) => m[1], confirm: (m) => m[2]?.toLowerCase() === 'act', describe: (m) => `let the orchestrator launch and terminate instances of ${m[1]} on its own` },
    async (res) => {
      const group = required(res.match[1], 'scale mode <group> simulate|act');
      const mode = res.match[2]?.toLowerCase();
      if (mode !== 'simulate' && mode !== 'act') throw new UserError(`expected \`scale mode ${group} simulate\` or \`scale mode ${group} act\`${mode ? `, not "${res.match[2]}"` : ''}`);
      await orchestrator().setMode(group, mode, res.user.name);
      await res.send(mode === 'act' ? `scale ${group}: mode act — permissions checked; the loop now launches and terminates` : `scale ${group}: mode simulate — decisions are announced, nothing changes`);
    },
  );

  robot.respond(/scale run(?:\s+(\S+))?\s*$/i, { name: 'scale.run', mutates: true, target: (m) => m[1] }, async (res) => {
    const group = required(res.match[1], 'scale run <group>');
    const evaluation = await orchestrator().tick(group);
    if (!evaluation) {
      const state = await orchestrator().states.get(group);
      await res.send(state.paused ? `scale ${group} is paused; \`scale resume ${group}\` first` : `scale ${group}: evaluation failed: ${state.lastError ?? 'see the logs'}`);
      return;
    }
    const state = await orchestrator().states.get(group);
    if (evaluation.decision.action !== 'hold' && state.lastDecision?.executed) {
      const [last] = await orchestrator().history(group, 1);
      const verb = evaluation.decision.action === 'launch' ? 'launched' : 'terminated';
      await res.send(`scale ${group} (act): ${verb} ${last?.instanceIds?.join(', ') ?? ''} — ${evaluation.decision.reason}`);
      return;
    }
    const failed = evaluation.decision.action !== 'hold' && evaluation.mode === 'act' && state.lastError ? ` — failed: ${state.lastError}` : '';
    await res.send(`scale ${group} (${evaluation.mode}): ${describeDecision(evaluation)}${failed}`);
  });

  robot.respond(/scale backtest(?:\s+(.*))?$/i, { name: 'scale.backtest' }, async (res) => {
    const [group, ...rest] = splitArgs(res.match[1] ?? '');
    required(group, 'scale backtest <group> [7d] [trace.csv]');
    let days = 7;
    let csvFile: string | undefined;
    for (const arg of rest) {
      if (/\.csv$/i.test(arg)) csvFile = arg;
      else {
        const ms = parseDuration(arg);
        if (ms === undefined || ms < 3_600_000 || ms > 15 * 86_400_000) throw new UserError(`expected a history length between 1h and 15d (CloudWatch keeps 1-minute data 15 days) like "7d", or a .csv trace, not "${arg}"`);
        days = ms / 86_400_000;
      }
    }
    const progress = await res.send(`scale backtest ${group}: replaying ${csvFile ?? formatDuration(days * 86_400_000)}…`);
    await res.update(progress, { text: `scale backtest ${group}`, code: await orchestrator().backtest(group, { days, csvFile }) });
  });

  robot.respond(/scale simulate(?:\s+(.*))?$/i, { name: 'scale.simulate', mutates: true, target: (m) => m[1]?.split(/\s+/)[0] }, async (res) => {
    const usage = 'scale simulate <group> load <percent> | total <percent> | stuck <id> [off] | nodata <id> [off]';
    const [group, verb, value, off] = splitArgs(res.match[1] ?? '');
    const provider = orchestrator().provider(required(group, usage));
    if (!(provider instanceof SimulatedCloudProvider)) throw new UserError(`group ${group} runs on the ${provider.kind} provider; only simulated groups can be driven`);
    switch (verb?.toLowerCase()) {
      case 'load':
      case 'total': {
        const percent = Number(value?.replace(/%$/, ''));
        const limit = verb.toLowerCase() === 'load' ? 100 : 100_000;
        if (!(percent >= 0 && percent <= limit)) throw new UserError(`expected a CPU percentage between 0 and ${limit}, like \`scale simulate ${group} ${verb} 95\``);
        const total = verb.toLowerCase() === 'load' ? await provider.setLoad(group, percent) : await provider.setTotal(group, percent);
        await res.send(`scale ${group}: simulated traffic set to ${total.toFixed(0)}% in total (${verb.toLowerCase() === 'load' ? `${percent}% per serving instance now` : 'spread over the serving instances'}); see \`scale status ${group}\``);
        return;
      }
      case 'stuck':
      case 'nodata': {
        const id = required(value, usage);
        const on = off?.toLowerCase() !== 'off';
        await provider.setFault(id, verb.toLowerCase() === 'stuck' ? 'stuck' : 'noData', on);
        await res.send(`scale ${group}: ${id} ${verb.toLowerCase() === 'stuck' ? 'stuck at 100% CPU' : 'publishes no CPU data'}${on ? '' : ' no more'}`);
        return;
      }
      default:
        throw new UserError(`expected ${usage}`);
    }
  });
};

function required(value: string | undefined, usage: string): string {
  if (!value) throw new UserError(`expected \`${usage}\``);
  return value;
}
