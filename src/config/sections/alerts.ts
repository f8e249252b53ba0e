import { z } from 'zod';
import { channelName, durationMs } from '../types';

// Owned by the alert router (issue 6). Alertmanager's route model, so existing configs translate:
// match / match_re → match / matchRe, group_by → groupBy, group_wait → groupWait, ...

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a label name like "service" or "alertname"');

const regex = z.string().refine(
  (source) => {
    try {
      new RegExp(`^(?:${source})$`);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a valid regular expression like "api|web" (anchored at both ends)' },
);

const severity = z.enum(['critical', 'warning', 'info'], { message: 'expected critical, warning or info' });

/** Timing shared by the defaults and each route (a route's own value wins). */
const timing = {
  /** Labels whose values split alerts into groups (one living message per group). ["..."] groups by every label. */
  groupBy: z.array(z.union([labelName, z.literal('...')])).optional(),
  /** How long the first alert of a new group waits for company before its message goes out. */
  groupWait: durationMs.optional(),
  /** Minimum time between two edits of a group's message (later alerts are batched into one edit). */
  groupInterval: durationMs.optional(),
  /** While a group keeps firing unacknowledged, a reminder goes into its thread this often. */
  repeat: durationMs.optional(),
};

export const AlertRoute = z.strictObject({
  /** Labels that must equal these values (Alertmanager's `match`). */
  match: z.record(labelName, z.string()).default({}),
  /** Labels that must fully match these regular expressions (Alertmanager's `match_re`). */
  matchRe: z.record(labelName, regex).default({}),
  channel: channelName,
  /** Who to mention, e.g. "<!subteam^S0123>" or "@db-oncall", when a firing alert has a severity in `mentionFor`. */
  mention: z.string().min(1).optional(),
  mentionFor: z.array(severity).default(['critical']),
  /** Keep matching later routes after this one (the alert goes to every matching channel). */
  continue: z.boolean().default(false),
  ...timing,
});

const rateLimit = z
  .strictObject({
    /** Sustained requests per minute accepted from this source. */
    perMinute: z.number().int().positive('expected a positive number of requests per minute').default(600),
    /** Requests accepted at once above the sustained rate. */
    burst: z.number().int().positive('expected a positive burst size').default(120),
  })
  .prefault({});

const token = z.string().min(8, 'expected a token of at least 8 characters (use ${VAR} to read it from the environment)');

export const AlertsSection = z.strictObject({
  /** Where alerts go that no route matched and that carry no channel of their own. */
  defaultChannel: channelName.default('alerts'),
  routes: z.array(AlertRoute).default([]),
  groupBy: z.array(z.union([labelName, z.literal('...')])).default(['alertname', 'service']),
  groupWait: durationMs.default(1000),
  groupInterval: durationMs.default(10_000),
  repeat: durationMs.default(4 * 3_600_000),
  /** An alert that fires again this soon after its group resolved reopens the same message (a flap). */
  flapWindow: durationMs.default(15 * 60_000),
  /** Alerts listed in the message itself; the rest are listed in its thread. */
  maxListed: z.number().int().min(1).max(50).default(20),
  /** Internal sources: log.error records, monitor, deploy and scale events. */
  internal: z
    .strictObject({
      logErrors: z.boolean().default(true),
      monitor: z.boolean().default(true),
      deploy: z.boolean().default(true),
      scale: z.boolean().default(true),
      /** A log error alert resolves by itself after this long without a repeat. */
      logResolveAfter: durationMs.default(3_600_000),
    })
    .prefault({}),
  webhooks: z
    .strictObject({
      alertmanager: z.strictObject({ token, rateLimit }).optional(),
      grafana: z
        .strictObject({
          token,
          /** Grafana's "HMAC Signature" secret; when set, unsigned or wrongly signed bodies are refused. */
          hmacSecret: z.string().min(8).optional(),
          signatureHeader: z.string().default('X-Grafana-Alerting-Signature'),
          /** Set when Grafana's contact point has a timestamp header: then "timestamp:body" is signed. */
          timestampHeader: z.string().optional(),
          maxSkew: durationMs.default(300_000),
          rateLimit,
        })
        .optional(),
      sns: z
        .strictObject({
          token,
          /** Only these topics are accepted (empty: any topic whose message is signed by SNS). */
          topicArns: z.array(z.string().regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/, 'expected a topic ARN like "arn:aws:sns:eu-west-1:123456789012:alarms"')).default([]),
          /** Confirm SubscriptionConfirmation messages by visiting their SubscribeURL. */
          autoConfirm: z.boolean().default(true),
          /** What a CloudWatch INSUFFICIENT_DATA state becomes. */
          insufficientData: z.enum(['ignore', 'firing', 'resolved']).default('ignore'),
          rateLimit,
        })
        .optional(),
      generic: z.strictObject({ token, rateLimit }).optional(),
    })
    .prefault({}),
});

export type AlertsConfig = z.infer<typeof AlertsSection>;
export type AlertRouteConfig = z.infer<typeof AlertRoute>;
export type RateLimitConfig = z.infer<typeof rateLimit>;
