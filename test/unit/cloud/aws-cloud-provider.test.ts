import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, EC2Client, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { DeregisterTargetsCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsCloudProvider } from '../../../src/cloud/aws/aws-cloud-provider';
import { OpsError } from '../../../src/robot/errors';

const options = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } };
const awsError = (name: string, message = name) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
const TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc';

function setup() {
  const clients = { ec2: new EC2Client(options), cloudwatch: new CloudWatchClient(options), elb: new ElasticLoadBalancingV2Client(options) };
  const mocks = { ec2: mockClient(clients.ec2), cloudwatch: mockClient(clients.cloudwatch), elb: mockClient(clients.elb) };
  return { provider: new AwsCloudProvider(clients), ...mocks };
}

describe('AwsCloudProvider', () => {
  it('lists instances with server-side filters and follows pagination', async () => {
    const { provider, ec2 } = setup();
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'running' }, LaunchTime: new Date(1000), PrivateIpAddress: '10.0.0.1', Tags: [{ Key: 'Name', Value: 'web-1' }], Monitoring: { State: 'enabled' } }] }],
        NextToken: 'page2',
      })
      .resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-2', State: { Name: 'pending' }, LaunchTime: new Date(2000), Tags: [{ Key: 'Name', Value: 'web-2' }], Monitoring: { State: 'disabled' } }] }] });

    const found = await provider.listInstances({ tags: { role: 'web' }, namePrefix: 'web-' });

    expect(found).toEqual([
      { id: 'i-1', name: 'web-1', state: 'running', privateIp: '10.0.0.1', publicIp: undefined, launchTime: 1000, tags: { Name: 'web-1' }, monitoring: 'detailed' },
      { id: 'i-2', name: 'web-2', state: 'pending', privateIp: undefined, publicIp: undefined, launchTime: 2000, tags: { Name: 'web-2' }, monitoring: 'basic' },
    ]);
    const calls = ec2.commandCalls(DescribeInstancesCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input).toEqual({
      Filters: [
        { Name: 'instance-state-name', Values: ['pending', 'running'] },
        { Name: 'tag:role', Values: ['web'] },
        { Name: 'tag:Name', Values: ['web-*'] },
      ],
      MaxResults: 1000,
      NextToken: undefined,
    });
    expect(calls[1].args[0].input.NextToken).toBe('page2');
  });

  it('reads CPU for 1,200 instances in batches of at most 500 queries per GetMetricData call, following NextToken', async () => {
    const { provider, cloudwatch } = setup();
    const ids = Array.from({ length: 1200 }, (_, i) => `i-${i}`);
    cloudwatch.on(GetMetricDataCommand).callsFake((input) => {
      if (input.MetricDataQueries[0].MetricStat.Metric.Dimensions[0].Value === 'i-0' && !input.NextToken) {
        return { MetricDataResults: [{ Id: 'cpu0', Timestamps: [new Date(120_000)], Values: [40] }], NextToken: 'more' };
      }
      if (input.NextToken === 'more') return { MetricDataResults: [{ Id: 'cpu0', Timestamps: [new Date(60_000)], Values: [30] }] };
      return { MetricDataResults: [{ Id: 'cpu1', Timestamps: [new Date(60_000)], Values: [55] }] };
    });

    const loads = await provider.getLoads(ids, { from: 0, to: 300_000, periodSec: 60 });

    const calls = cloudwatch.commandCalls(GetMetricDataCommand);
    expect(calls.map((c) => [c.args[0].input.MetricDataQueries!.length, c.args[0].input.NextToken])).toEqual([
      [500, undefined],
      [500, 'more'],
      [500, undefined],
      [200, undefined],
    ]);
    expect(calls[0].args[0].input.MetricDataQueries![1]).toEqual({
      Id: 'cpu1',
      MetricStat: { Metric: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }, Period: 60, Stat: 'Average' },
      ReturnData: true,
    });
    expect(calls[0].args[0].input).toMatchObject({ StartTime: new Date(0), EndTime: new Date(300_000), ScanBy: 'TimestampAscending' });
    expect(loads.get('i-0')).toEqual([{ at: 60_000, value: 30 }, { at: 120_000, value: 40 }]);
    expect(loads.get('i-501')).toEqual([{ at: 60_000, value: 55 }]);
    expect(loads.get('i-2')).toEqual([]);
  });

  it('launches from the template, one RunInstances per instance, with a unique Name, the group tags and an idempotency token', async () => {
    const { provider, ec2 } = setup();
    ec2.on(RunInstancesCommand).callsFake((input) => ({ Instances: [{ InstanceId: `i-${input.ClientToken}`, State: { Name: 'pending' }, LaunchTime: new Date(5000), Tags: input.TagSpecifications[0].Tags }] }));

    const launched = await provider.launch({ group: 'web', tags: { role: 'web' }, names: ['web-4', 'web-5'], launchTemplate: { name: 'web-lt', version: '$Latest' }, token: 'opsbot-web-3' });

    expect(launched.map((i) => [i.id, i.name])).toEqual([
      ['i-opsbot-web-3-0', 'web-4'],
      ['i-opsbot-web-3-1', 'web-5'],
    ]);
    expect(ec2.commandCalls(RunInstancesCommand)[1].args[0].input).toEqual({
      LaunchTemplate: { LaunchTemplateName: 'web-lt', Version: '$Latest' },
      MinCount: 1,
      MaxCount: 1,
      ClientToken: 'opsbot-web-3-1',
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'role', Value: 'web' }, { Key: 'Name', Value: 'web-5' }, { Key: 'opsbot:group', Value: 'web' }] }],
    });
  });

  it('registers targets, and deregisters before terminating', async () => {
    const { provider, ec2, elb } = setup();
    elb.on(RegisterTargetsCommand).resolves({});
    elb.on(DeregisterTargetsCommand).resolves({});
    ec2.on(TerminateInstancesCommand).resolves({});

    await provider.registerTargets(TG, ['i-4']);
    await provider.terminate(['i-2'], { targetGroupArn: TG });

    expect(elb.commandCalls(RegisterTargetsCommand)[0].args[0].input).toEqual({ TargetGroupArn: TG, Targets: [{ Id: 'i-4' }] });
    expect(elb.commandCalls(DeregisterTargetsCommand)[0].args[0].input).toEqual({ TargetGroupArn: TG, Targets: [{ Id: 'i-2' }] });
    expect(ec2.commandCalls(TerminateInstancesCommand)[0].args[0].input).toEqual({ InstanceIds: ['i-2'] });
  });

  it('checks permissions with DryRun: DryRunOperation passes, UnauthorizedOperation names the call', async () => {
    const { provider, ec2 } = setup();
    ec2.on(RunInstancesCommand).rejects(awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'));
    ec2.on(TerminateInstancesCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));

    const check = provider.checkPermissions({ launchTemplate: { id: 'lt-0abc', version: '$Default' }, terminateId: 'i-1' });

    await expect(check).rejects.toThrow("the bot's AWS role may not call ec2:TerminateInstances (dry run) (UnauthorizedOperation); grant it in IAM: You are not authorized to perform this operation.");
    expect(ec2.commandCalls(RunInstancesCommand)[0].args[0].input).toEqual({ DryRun: true, LaunchTemplate: { LaunchTemplateId: 'lt-0abc', Version: '$Default' }, MinCount: 1, MaxCount: 1 });
    expect(ec2.commandCalls(TerminateInstancesCommand)[0].args[0].input).toEqual({ DryRun: true, InstanceIds: ['i-1'] });
  });

  it.each([
    ['RequestLimitExceeded', 'upstream', "AWS throttled ec2:RunInstances (RequestLimitExceeded) after the SDK's retries; the next evaluation tries again"],
    ['InsufficientInstanceCapacity', 'upstream', 'EC2 could not launch: InsufficientInstanceCapacity (no capacity in eu-west-1a); try another instance type or zone in the launch template'],
    ['UnauthorizedOperation', 'forbidden', "the bot's AWS role may not call ec2:RunInstances (UnauthorizedOperation); grant it in IAM: no capacity in eu-west-1a"],
  ])('turns %s into one clear %s error, calling once', async (code, kind, message) => {
    const { provider, ec2 } = setup();
    ec2.on(RunInstancesCommand).rejects(awsError(code, 'no capacity in eu-west-1a'));

    const error = await provider.launch({ group: 'web', tags: {}, names: ['web-1', 'web-2'], launchTemplate: { name: 'web-lt', version: '$Default' }, token: 't' }).catch((e) => e);

    expect(error).toBeInstanceOf(OpsError);
    expect(error.code).toBe(kind);
    expect(error.message).toBe(message);
    expect(ec2.commandCalls(RunInstancesCommand)).toHaveLength(1);
  });

  it('says which instances launched before a later one failed', async () => {
    const { provider, ec2 } = setup();
    ec2
      .on(RunInstancesCommand)
      .resolvesOnce({ Instances: [{ InstanceId: 'i-a', State: { Name: 'pending' } }] })
      .rejectsOnce(awsError('InsufficientInstanceCapacity', 'none left'));

    await expect(provider.launch({ group: 'web', tags: {}, names: ['web-1', 'web-2'], launchTemplate: { name: 'web-lt', version: '$Default' }, token: 't' })).rejects.toThrow(
      'launched i-a (1 of 2), then: EC2 could not launch: InsufficientInstanceCapacity (none left)',
    );
  });

  it('reports throttled CloudWatch reads clearly', async () => {
    const { provider, cloudwatch } = setup();
    cloudwatch.on(GetMetricDataCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    await expect(provider.getLoads(['i-1'], { from: 0, to: 1, periodSec: 60 })).rejects.toThrow("AWS throttled cloudwatch:GetMetricData (Throttling) after the SDK's retries");
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(1);
  });
});
