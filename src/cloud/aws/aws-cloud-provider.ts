import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Filter,
  type Instance,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { DeregisterTargetsCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { OpsError } from '../../robot/errors';
import { ACTIVE_STATES, type CloudInstance, type CloudProvider, type InstanceFilter, type LaunchRequest, type LoadQuery, type LoadSeries } from '../cloud-provider';
import { awsErrorCode, toOpsError } from './aws-errors';
import { fetchCpuLoads } from './cloudwatch-loads';

export interface AwsClients {
  ec2: EC2Client;
  cloudwatch: CloudWatchClient;
  elb: ElasticLoadBalancingV2Client;
}

/** Clients from the SDK's default credential chain; adaptive retry paces throttled calls client-side. */
export function createAwsClients(options: { region?: string } = {}): AwsClients {
  const common = { region: options.region, retryMode: 'adaptive', maxAttempts: 3 } as const;
  return { ec2: new EC2Client(common), cloudwatch: new CloudWatchClient(common), elb: new ElasticLoadBalancingV2Client(common) };
}

export class AwsCloudProvider implements CloudProvider {
  readonly kind = 'aws';
  readonly canResize = true;

  private built?: AwsClients;

  /** Clients, or a factory: a bot whose config never touches AWS never constructs an SDK client. */
  constructor(private readonly source: AwsClients | (() => AwsClients)) {}

  private get clients(): AwsClients {
    this.built ??= typeof this.source === 'function' ? this.source() : this.source;
    return this.built;
  }

  async listInstances(filter: InstanceFilter): Promise<CloudInstance[]> {
    const filters: Filter[] = [{ Name: 'instance-state-name', Values: filter.states ?? ACTIVE_STATES }];
    for (const [key, value] of Object.entries(filter.tags ?? {})) filters.push({ Name: `tag:${key}`, Values: [value] });
    // EC2 filter values take * as a wildcard: a prefix match, done server-side.
    if (filter.namePrefix) filters.push({ Name: 'tag:Name', Values: [`${filter.namePrefix}*`] });
    const found: CloudInstance[] = [];
    let nextToken: string | undefined;
    do {
      const output = await this.call('ec2:DescribeInstances', () =>
        this.clients.ec2.send(new DescribeInstancesCommand({ Filters: filters, MaxResults: 1000, NextToken: nextToken })),
      );
      for (const reservation of output.Reservations ?? []) for (const instance of reservation.Instances ?? []) found.push(toCloudInstance(instance));
      nextToken = output.NextToken;
    } while (nextToken);
    return found;
  }

  getLoads(ids: string[], query: LoadQuery): Promise<LoadSeries> {
    return fetchCpuLoads(this.clients.cloudwatch, ids, query);
  }

  /** One RunInstances per instance so each gets its own Name and its own idempotency token. */
  async launch(request: LaunchRequest): Promise<CloudInstance[]> {
    if (!request.launchTemplate) throw new OpsError('config', `group ${request.group} has no launchTemplate to launch from`);
    const launched: CloudInstance[] = [];
    for (const [index, name] of request.names.entries()) {
      const tags = { ...request.tags, Name: name, 'opsbot:group': request.group };
      const input: RunInstancesCommandInput = {
        LaunchTemplate: templateSpec(request.launchTemplate),
        MinCount: 1,
        MaxCount: 1,
        ClientToken: `${request.token}-${index}`.slice(0, 64),
        TagSpecifications: [{ ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
      };
      try {
        const output = await this.clients.ec2.send(new RunInstancesCommand(input));
        launched.push(...(output.Instances ?? []).map(toCloudInstance));
      } catch (error) {
        const reason = toOpsError(error, 'ec2:RunInstances');
        if (launched.length === 0) throw reason;
        throw new OpsError(reason.code, `launched ${launched.map((i) => i.id).join(', ')} (${launched.length} of ${request.names.length}), then: ${reason.message}`, { cause: error });
      }
    }
    return launched;
  }

  async registerTargets(targetGroupArn: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.call('elasticloadbalancing:RegisterTargets', () =>
      this.clients.elb.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: ids.map((Id) => ({ Id })) })),
    );
  }

  async terminate(ids: string[], options: { targetGroupArn?: string } = {}): Promise<void> {
    if (ids.length === 0) return;
    if (options.targetGroupArn) {
      // Deregistering first lets the load balancer drain connections before the instance goes.
      const arn = options.targetGroupArn;
      await this.call('elasticloadbalancing:DeregisterTargets', () =>
        this.clients.elb.send(new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: ids.map((Id) => ({ Id })) })),
      );
    }
    await this.call('ec2:TerminateInstances', () => this.clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: ids })));
  }

  /** EC2 DryRun: "DryRunOperation" means it would have been allowed. */
  async checkPermissions(request: { launchTemplate?: LaunchRequest['launchTemplate']; terminateId?: string }): Promise<void> {
    const checks: Array<[string, () => Promise<unknown>]> = [];
    if (request.launchTemplate) {
      const LaunchTemplate = templateSpec(request.launchTemplate);
      checks.push(['ec2:RunInstances', () => this.clients.ec2.send(new RunInstancesCommand({ DryRun: true, LaunchTemplate, MinCount: 1, MaxCount: 1 }))]);
    }
    if (request.terminateId) {
      const id = request.terminateId;
      checks.push(['ec2:TerminateInstances', () => this.clients.ec2.send(new TerminateInstancesCommand({ DryRun: true, InstanceIds: [id] }))]);
    }
    for (const [operation, run] of checks) {
      try {
        await run();
      } catch (error) {
        if (awsErrorCode(error) === 'DryRunOperation') continue;
        throw toOpsError(error, `${operation} (dry run)`);
      }
    }
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toOpsError(error, operation);
    }
  }
}

function templateSpec(template: NonNullable<LaunchRequest['launchTemplate']>) {
  return template.id ? { LaunchTemplateId: template.id, Version: template.version } : { LaunchTemplateName: template.name, Version: template.version };
}

function toCloudInstance(instance: Instance): CloudInstance {
  const tags = Object.fromEntries((instance.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? '']));
  const monitoring = instance.Monitoring?.State;
  return {
    id: instance.InstanceId ?? '',
    name: tags.Name,
    state: instance.State?.Name ?? 'unknown',
    privateIp: instance.PrivateIpAddress,
    publicIp: instance.PublicIpAddress,
    launchTime: instance.LaunchTime ? instance.LaunchTime.getTime() : 0,
    tags,
    monitoring: monitoring === 'enabled' || monitoring === 'pending' ? 'detailed' : monitoring ? 'basic' : undefined,
  };
}
