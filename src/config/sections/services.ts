import { z } from 'zod';
import { parseHost } from '../../transport/parse-host';
import { channelName, durationMs, safeName } from '../types';

// Owned by the deployer (issue 4). docs/deploy.md documents every key.

const PERCENT = /^([1-9]\d?|100)%$/;
const BATCH_MESSAGE = 'expected a number or a percentage like "25%"';
const batchStep = z.union([z.number().int(BATCH_MESSAGE).min(1, BATCH_MESSAGE), z.string().regex(PERCENT, BATCH_MESSAGE)], { error: BATCH_MESSAGE });
export const BatchSchema = z.union([batchStep, z.array(batchStep).min(1)], {
  error: 'expected a number, a percentage like "25%", or a canary list like [1, "25%", "100%"]',
});

/** Git refs as the deployer accepts them: no shell or git revision syntax. */
export const REF_PATTERN = /^(?!.*\.\.)(?!.*\/\/)(?!.*@\{)(?!.*\.lock$)[A-Za-z0-9][A-Za-z0-9._/-]{0,127}(?<![./])$/;
const refName = z.string().regex(REF_PATTERN, 'expected a branch, tag or commit like "main", "v1.2.3" or "3f2c1ab"');

const hostList = z.array(z.string().min(1, 'expected a host like "deploy@10.0.0.5:2222"')).min(1, 'expected at least one host');
const awsHosts = z.strictObject({
  aws: z.strictObject({
    /** Instances carrying all of these tags (e.g. { Service: api }). */
    tags: z.record(z.string(), z.string()).optional(),
    namePrefix: z.string().optional(),
    /** Which address to SSH to. */
    address: z.enum(['private', 'public'], { error: 'expected "private" or "public"' }).default('private'),
    user: z.string().regex(/^[a-z_][a-z0-9_.-]{0,31}$/i, 'expected a user name like "deploy"').optional(),
  }),
});
export const HostsSchema = z.union([hostList, awsHosts], { error: 'expected a list of hosts like ["deploy@10.0.0.5"] or { aws: { tags: { Service: api } } }' });

const sshSettings = z.strictObject({
  user: z.string().regex(/^[a-z_][a-z0-9_.-]{0,31}$/i, 'expected a user name like "deploy"').optional(),
  port: z.number().int().min(1).max(65535).optional(),
  privateKeyPath: z.string().min(1).optional(),
  /** known_hosts file; plain and hashed (|1|) entries. Default ~/.ssh/known_hosts. */
  knownHosts: z.string().min(1).optional(),
  fingerprints: z.array(z.string().regex(/^(SHA256:)?[A-Za-z0-9+/]{43}=?$/, 'expected a fingerprint like "SHA256:..." as `ssh-keygen -lf` prints it')).optional(),
  connectTimeout: durationMs.default(10_000),
});

const gitSource = z.strictObject({ git: z.string().min(1, 'expected a git URL or a local path'), ref: refName.default('main') });
const buildSource = z.strictObject({
  build: z.string().min(1, 'expected a build command'),
  /** The file the build produces (a .tar.gz of the release), relative to cwd. */
  artifact: z.string().min(1, 'expected the path of the artifact the build produces'),
  cwd: z.string().min(1).optional(),
  timeout: durationMs.default(600_000),
});
export const SourceSchema = z.union([gitSource, buildSource], {
  error: 'expected { git: <url or path>, ref: main } or { build: "<command>", artifact: <path to .tar.gz> }',
});

const healthCheck = z
  .strictObject({
    /** Polled from the bot; {host} is replaced by the host's address. */
    url: z.string().regex(/^https?:\/\/\S+$/, 'expected an http(s) URL like "http://{host}:3000/health"').optional(),
    /** Or a command run on the host; exit 0 means healthy. */
    command: z.string().min(1).optional(),
    timeout: durationMs.default(5000),
    retries: z.number().int().min(1).default(10),
    interval: durationMs.default(1000),
  })
  .refine((health) => Boolean(health.url) !== Boolean(health.command), { error: 'expected exactly one of url or command' });

const remotePath = z
  .string()
  .regex(/^\/(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/, 'expected an absolute path like "/srv/api" (letters, digits, ".", "_", "-", "/")');

const rolloutKeys = {
  batch: BatchSchema.optional(),
  maxFailures: z.number().int().min(0, 'expected 0 or more').optional(),
  health: healthCheck.optional(),
  ssh: sshSettings.optional(),
  channel: channelName.optional(),
};

const environment = z.strictObject({ hosts: HostsSchema, ...rolloutKeys });

export const ServiceSchema = z
  .strictObject({
    /** Hosts of the default environment. */
    hosts: HostsSchema.optional(),
    transport: z.enum(['ssh', 'local'], { error: 'expected "ssh" or "local"' }).default('ssh'),
    /** For transport: local, the directory holding one folder per host. */
    hostsDir: z.string().min(1).optional(),
    source: SourceSchema,
    path: remotePath,
    install: z.string().min(1).optional(),
    restart: z.string().min(1).optional(),
    ...rolloutKeys,
    batch: BatchSchema.default('25%'),
    maxFailures: z.number().int().min(0, 'expected 0 or more').default(0),
    keepReleases: z.number().int().min(2, 'expected at least 2 (the live release and the previous one)').default(5),
    /** Hosts worked on at once within a batch. */
    concurrency: z.number().int().min(1).max(200).default(10),
    /** Limit for each remote step (upload, install, restart, ...). */
    stepTimeout: durationMs.default(300_000),
    defaultEnvironment: safeName.default('production'),
    environments: z.record(safeName, environment).default({}),
  })
  .superRefine((service, context) => {
    if (!service.hosts && Object.keys(service.environments).length === 0) {
      context.addIssue({ code: 'custom', path: ['hosts'], message: 'expected hosts (or environments with hosts)' });
    }
    if (service.transport === 'local' && !service.hostsDir) {
      context.addIssue({ code: 'custom', path: ['hostsDir'], message: 'required with transport: local (the folder holding one directory per host)' });
    }
    const lists: Array<[Array<string | number>, unknown]> = [[['hosts'], service.hosts]];
    for (const [name, env] of Object.entries(service.environments)) lists.push([['environments', name, 'hosts'], env.hosts]);
    for (const [path, hosts] of lists) {
      if (!Array.isArray(hosts)) continue;
      if (service.transport === 'local' && hosts.some((host) => typeof host === 'object')) continue;
      hosts.forEach((host: string, index: number) => {
        const problem = service.transport === 'local' ? checkLocalHost(host) : checkSshHost(host);
        if (problem) context.addIssue({ code: 'custom', path: [...path, index], message: problem });
      });
      const duplicate = hosts.find((host: string, index: number) => hosts.indexOf(host) !== index);
      if (duplicate) context.addIssue({ code: 'custom', path, message: `host "${duplicate}" is listed twice` });
    }
  });

function checkSshHost(host: string): string | undefined {
  const parsed = parseHost(host);
  return typeof parsed === 'string' ? parsed : undefined;
}

function checkLocalHost(host: string): string | undefined {
  return /^[a-z0-9][a-z0-9._-]{0,62}$/i.test(host) && !host.includes('..') ? undefined : 'local hosts are folder names of letters, digits, ".", "_" and "-"';
}

export const ServicesSection = z.record(safeName, ServiceSchema);

export type ServiceConfig = z.infer<typeof ServiceSchema>;
export type BatchSpec = z.infer<typeof BatchSchema>;
export type HostsSpec = z.infer<typeof HostsSchema>;
export type SshSettings = z.infer<typeof sshSettings>;
export type HealthCheck = z.infer<typeof healthCheck>;
export type SourceSpec = z.infer<typeof SourceSchema>;
