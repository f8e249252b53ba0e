import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, EC2Client, RunInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsCloudProvider } from '../../../src/cloud/aws/aws-cloud-provider';
import { groupConfig, orchestratorHarness } from './helpers';

const MIN = 60_000;
const TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc';
const options = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } };
const awsError = (name: string, message = name) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

function awsHarness(fleetSize: number, cpu: number) {
  const clients = { ec2: new EC2Client(options), cloudwatch: new CloudWatchClient(options), elb: new ElasticLoadBalancingV2Client(options) };
  const ec2 = mockClient(clients.ec2);
  const cloudwatch = mockClient(clients.cloudwatch);
  const elb = mockClient(clients.elb);
  const config = groupConfig({ tags: { role: 'web' }, launchTemplate: 'web-lt', targetGroupArn: TG, min: 1, max: 2000, cooldown: '5m', warmup: '5m', channel: '#ops' }, 'aws');
  const h = orchestratorHarness(config, () => new AwsCloudProvider(clients));
  const fleet: Instance[] = Array.from({ length: fleetSize }, (_, i) => ({
    InstanceId: `i-${i}`,
    State: { Name: 'running' },
    LaunchTime: new Date(h.clock.now() - 86_400_000),
    Tags: [{ Key: 'Name', Value: `web-${i + 1}` }, { Key: 'role', Value: 'web' }],
    Monitoring: { State: 'enabled' },
  }));
  ec2.on(DescribeInstancesCommand).callsFake(() => ({ Reservations: [{ Instances: fleet }] }));
  cloudwatch.on(GetMetricDataCommand).callsFake((input) => ({
    MetricDataResults: input.MetricDataQueries.map((q: { Id: string }) => ({ Id: q.Id, Timestamps: [new Date(h.clock.now() - 2 * MIN)], Values: [cpu] })),
  }));
  return { ...h, ec2, cloudwatch, elb, fleet };
}

describe('orchestrator on AWS (aws-sdk-client-mock)', () => {
  it('uses 2 API calls per evaluation at 100 instances and 3 at 1,000 (the seed: 101 and 1,001)', async () => {
    for (const [size, calls] of [[100, 2], [1000, 3]]) {
      const h = awsHarness(size, 85);
      await h.orchestrator.evaluate('web');
      expect(h.ec2.calls().length + h.cloudwatch.calls().length).toBe(calls);
      await h.close();
    }
  });

  it('after a failed launch: one scale.failed, no retry inside the cooldown, then the same ClientToken', async () => {
    const h = awsHarness(3, 95);
    h.ec2.on(RunInstancesCommand, { DryRun: true }).rejects(awsError('DryRunOperation'));
    await h.orchestrator.setMode('web', 'act', 'alice');
    h.ec2.on(RunInstancesCommand, { DryRun: undefined }).rejectsOnce(awsError('InsufficientInstanceCapacity', 'We currently do not have sufficient capacity'));

    await h.orchestrator.tick('web');
    h.clock.advance(MIN);
    await h.orchestrator.tick('web');

    const launches = () => h.ec2.commandCalls(RunInstancesCommand).filter((c) => !c.args[0].input.DryRun);
    expect(launches()).toHaveLength(1);
    expect(h.failed).toEqual([{ group: 'web', action: 'launch', error: 'EC2 could not launch: InsufficientInstanceCapacity (We currently do not have sufficient capacity); try another instance type or zone in the launch template', channel: 'ops' }]);

    h.ec2.on(RunInstancesCommand, { DryRun: undefined }).callsFake((input) => ({ Instances: [{ InstanceId: 'i-new', State: { Name: 'pending' }, LaunchTime: new Date(h.clock.now()), Tags: input.TagSpecifications[0].Tags }] }));
    h.clock.advance(5 * MIN);
    await h.orchestrator.tick('web');

    expect(launches()).toHaveLength(2);
    const [first, second] = launches().map((c) => c.args[0].input);
    expect(second.ClientToken).toBe(first.ClientToken);
    expect(second.TagSpecifications).toEqual([{ ResourceType: 'instance', Tags: [{ Key: 'role', Value: 'web' }, { Key: 'Name', Value: 'web-4' }, { Key: 'opsbot:group', Value: 'web' }] }]);
    expect(h.decided).toMatchObject([{ action: 'launch', executed: true, instanceIds: ['i-new'], mode: 'act' }]);

    // Once EC2 reports it running, the new instance joins the target group.
    h.fleet.push({ InstanceId: 'i-new', State: { Name: 'running' }, LaunchTime: new Date(h.clock.now()), Tags: [{ Key: 'Name', Value: 'web-4' }, { Key: 'role', Value: 'web' }] });
    h.elb.on(RegisterTargetsCommand).resolves({});
    h.clock.advance(MIN);
    await h.orchestrator.tick('web');
    expect(h.elb.commandCalls(RegisterTargetsCommand).map((c) => c.args[0].input)).toEqual([{ TargetGroupArn: TG, Targets: [{ Id: 'i-new' }] }]);
    await h.close();
  });

  it('refuses act mode when the DryRun says the role may not launch', async () => {
    const h = awsHarness(2, 50);
    h.ec2.on(RunInstancesCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    await expect(h.orchestrator.setMode('web', 'act', 'alice')).rejects.toThrow("the bot's AWS role may not call ec2:RunInstances (dry run) (UnauthorizedOperation)");
    expect((await h.orchestrator.states.get('web')).mode).toBeUndefined();
    await h.close();
  });

  it('reports a throttled evaluation once, not every tick', async () => {
    const h = awsHarness(2, 50);
    h.cloudwatch.on(GetMetricDataCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    await h.orchestrator.tick('web');
    h.clock.advance(MIN);
    await h.orchestrator.tick('web');
    expect(h.failed).toEqual([{ group: 'web', action: 'evaluate', error: expect.stringContaining('AWS throttled cloudwatch:GetMetricData (Throttling)'), channel: 'ops' }]);
    await h.close();
  });
});
