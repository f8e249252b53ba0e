import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { LoadQuery, LoadSeries } from '../cloud-provider';
import { toOpsError } from './aws-errors';

/** GetMetricData takes at most 500 queries per call. */
export const METRIC_QUERIES_PER_CALL = 500;

/**
 * CPUUtilization for many instances: one GetMetricData call per 500 instances (plus NextToken
 * pages when a long window exceeds a response), never one call per instance as the seed did.
 */
export async function fetchCpuLoads(client: CloudWatchClient, ids: string[], query: LoadQuery): Promise<LoadSeries> {
  const series: LoadSeries = new Map(ids.map((id) => [id, []]));
  for (let start = 0; start < ids.length; start += METRIC_QUERIES_PER_CALL) {
    const batch = ids.slice(start, start + METRIC_QUERIES_PER_CALL);
    const byQueryId = new Map(batch.map((id, index) => [`cpu${index}`, id]));
    const queries: MetricDataQuery[] = batch.map((id, index) => ({
      Id: `cpu${index}`,
      MetricStat: {
        Metric: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: id }] },
        Period: query.periodSec,
        Stat: 'Average',
      },
      ReturnData: true,
    }));
    let nextToken: string | undefined;
    do {
      let output;
      try {
        output = await client.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: new Date(query.from),
            EndTime: new Date(query.to),
            ScanBy: 'TimestampAscending',
            NextToken: nextToken,
          }),
        );
      } catch (error) {
        throw toOpsError(error, 'cloudwatch:GetMetricData');
      }
      for (const result of output.MetricDataResults ?? []) {
        const id = result.Id ? byQueryId.get(result.Id) : undefined;
        if (!id) continue;
        const points = series.get(id)!;
        const timestamps = result.Timestamps ?? [];
        const values = result.Values ?? [];
        for (let i = 0; i < Math.min(timestamps.length, values.length); i += 1) points.push({ at: timestamps[i].getTime(), value: values[i] });
      }
      nextToken = output.NextToken;
    } while (nextToken);
  }
  for (const points of series.values()) points.sort((a, b) => a.at - b.at);
  return series;
}
