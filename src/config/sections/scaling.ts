import { z } from 'zod';
import { channelName, durationMs, safeName } from '../types';

// Owned by the orchestrator (issue 5). docs/scale.md documents every key.

const percent = z.number({ message: 'expected a CPU percentage like 90' }).gt(0, 'expected a percentage above 0').max(100, 'expected a percentage of at most 100');

/** "50%" or 0.5: a share of the instances past warm-up that must report CPU. */
const fraction = z.union([z.number(), z.string()]).transform((value, context) => {
  const percentText = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null;
  const parsed = typeof value === 'number' ? value : percentText ? Number(percentText[1]) / 100 : NaN;
  if (!(parsed > 0 && parsed <= 1)) {
    context.addIssue({ code: 'custom', message: 'expected a share like "50%" or 0.5 (above 0, at most 100%)' });
    return z.NEVER;
  }
  return parsed;
});

const launchTemplate = z
  .union([z.string().min(1), z.strictObject({ id: z.string().optional(), name: z.string().optional(), version: z.string().optional() })])
  .transform((value) => {
    const spec = typeof value === 'string' ? (value.startsWith('lt-') ? { id: value } : { name: value }) : value;
    return { id: spec.id, name: spec.name, version: spec.version ?? '$Default' };
  })
  .refine((spec) => Boolean(spec.id) !== Boolean(spec.name), 'give a launch template name or an id like "lt-0abc" (exactly one)');

const providerName = z.enum(['aws', 'static', 'simulated'], { message: 'expected aws, static or simulated' });

const staticHost = z.strictObject({
  /** Shown as the instance id and name. */
  name: safeName,
  /** Where `cat /proc/loadavg; nproc` runs: "local" runs it on this machine. */
  address: z.string().min(1),
  user: z.string().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

export const CloudSection = z.strictObject({
  provider: providerName.default('aws'),
  /** AWS region; the SDK's default chain (AWS_REGION, profile) when left out. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected a region like "eu-west-1"').optional(),
  /** Static provider: the fixed fleet. */
  hosts: z.array(staticHost).default([]),
  /** Static provider: how to reach hosts (ssh, key-based, host keys verified). */
  ssh: z.strictObject({ identityFile: z.string().optional(), knownHostsFile: z.string().optional(), timeout: durationMs.default(10_000) }).prefault({}),
  /** Simulated provider: seconds an instance stays pending, the fleet each group starts with. */
  simulation: z
    .strictObject({
      bootTime: durationMs.default(60_000),
      instances: z.number().int().min(0).max(200).default(3),
      load: z.number().min(0).max(100).default(70),
    })
    .prefault({}),
});

const group = z
  .strictObject({
    provider: providerName.optional(),
    tags: z.record(z.string().min(1), z.string()).optional(),
    namePrefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a name prefix like "web-"').optional(),
    launchTemplate: launchTemplate.optional(),
    targetGroupArn: z.string().regex(/^arn:aws[\w-]*:elasticloadbalancing:/, 'expected a target group ARN like "arn:aws:elasticloadbalancing:..."').optional(),
    min: z.number().int().min(0, 'min must be 0 or more').default(1),
    max: z.number().int().min(1, 'max must be at least 1').default(10),
    high: percent.default(90),
    low: percent.default(80),
    step: z.enum(['one', 'proportional'], { message: 'expected "one" or "proportional"' }).default('one'),
    /** Proportional step: the median to size for; (high+low)/2 when left out. */
    target: percent.optional(),
    cooldown: durationMs.default(300_000),
    warmup: durationMs.default(300_000),
    interval: durationMs.default(60_000),
    mode: z.enum(['simulate', 'act'], { message: 'expected "simulate" or "act"' }).default('simulate'),
    channel: channelName.optional(),
    /** The deployed service: scale-in waits while one of its deploys holds a lock. */
    service: safeName.optional(),
    protected: z.array(z.string().min(1)).default([]),
    /** CloudWatch period in seconds: 60 (detailed monitoring) or 300 (basic); detected when left out. */
    period: z.union([z.literal(60), z.literal(300)], { message: 'expected 60 or 300 (seconds)' }).optional(),
    minReporting: fraction.default(0.5),
  })
  .superRefine((g, context) => {
    if (!(g.low < g.high)) context.addIssue({ code: 'custom', path: ['low'], message: `low (${g.low}) must be below high (${g.high})` });
    if (!(g.min <= g.max)) context.addIssue({ code: 'custom', path: ['min'], message: `min (${g.min}) must not exceed max (${g.max})` });
    if (!g.tags && !g.namePrefix) context.addIssue({ code: 'custom', path: ['namePrefix'], message: 'give tags or a namePrefix to find the group\'s instances' });
    if (g.target !== undefined && !(g.target < g.high)) context.addIssue({ code: 'custom', path: ['target'], message: `target (${g.target}) must be below high (${g.high})` });
    if (g.interval < 10_000) context.addIssue({ code: 'custom', path: ['interval'], message: 'interval must be at least 10s' });
  });

export const ScalingSection = z
  .strictObject({
    cloud: CloudSection.prefault({}),
    groups: z.record(safeName, group).default({}),
  })
  .superRefine((scaling, context) => {
    for (const [name, g] of Object.entries(scaling.groups)) {
      const provider = g.provider ?? scaling.cloud.provider;
      if (provider === 'aws' && !g.launchTemplate) context.addIssue({ code: 'custom', path: ['groups', name, 'launchTemplate'], message: 'an aws group needs a launchTemplate to launch from' });
      if (provider === 'static' && scaling.cloud.hosts.length === 0) context.addIssue({ code: 'custom', path: ['cloud', 'hosts'], message: `group ${name} uses the static provider: list its hosts here` });
    }
  });

export type ScalingConfig = z.infer<typeof ScalingSection>;
export type CloudConfig = z.infer<typeof CloudSection>;
export type GroupConfig = z.infer<typeof group>;
export type ProviderName = z.infer<typeof providerName>;
