// API calls per evaluation of one group, counted through aws-sdk-client-mock on the real
// AwsCloudProvider: one DescribeInstances page (up to 1,000 instances) and one GetMetricData per
// 500 instances. The seed made one DescribeInstances plus one GetMetricStatistics per instance.
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsCloudProvider } from '../src/cloud/aws/aws-cloud-provider';
import { ScalingSection } from '../src/config/sections/scaling';
import { observeGroup } from '../src/orchestrator/observe';

export async function measureApiCalls(size: number): Promise<{ opsbot: number; seed: number }> {
  const options = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } };
  const clients = { ec2: new EC2Client(options), cloudwatch: new CloudWatchClient(options), elb: new ElasticLoadBalancingV2Client(options) };
  const ec2 = mockClient(clients.ec2);
  const cloudwatch = mockClient(clients.cloudwatch);
  const now = Date.now();
  const instances = Array.from({ length: size }, (_, i) => ({ InstanceId: `i-${i}`, State: { Name: 'running' as const }, LaunchTime: new Date(now - 86_400_000), Tags: [{ Key: 'Name', Value: `web-${i}` }], Monitoring: { State: 'enabled' as const } }));
  // EC2 returns at most 1,000 instances a page.
  ec2.on(DescribeInstancesCommand).callsFake((input) => {
    const start = Number(input.NextToken ?? 0);
    const page = instances.slice(start, start + (input.MaxResults ?? 1000));
    return { Reservations: [{ Instances: page }], NextToken: start + page.length < size ? String(start + page.length) : undefined };
  });
  cloudwatch.on(GetMetricDataCommand).callsFake((input) => ({ MetricDataResults: input.MetricDataQueries.map((q: { Id: string }) => ({ Id: q.Id, Timestamps: [new Date(now - 120_000)], Values: [80] })) }));
  const config = ScalingSection.parse({ groups: { web: { namePrefix: 'web-', launchTemplate: 'web-lt' } } }).groups.web;
  await observeGroup(new AwsCloudProvider(clients), config, now);
  const opsbot = ec2.calls().length + cloudwatch.calls().length;
  ec2.restore();
  cloudwatch.restore();
  return { opsbot, seed: 1 + size };
}

if (require.main === module) {
  void (async () => {
    for (const size of [100, 1000]) {
      const { opsbot, seed } = await measureApiCalls(size);
      console.log(`${size} instances: opsbot ${opsbot} calls per evaluation, seed ${seed} (${(seed / opsbot).toFixed(0)}× fewer)`);
    }
  })();
}
