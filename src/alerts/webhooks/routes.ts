import { createHmac } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { AlertsConfig } from '../../config/sections/alerts';
import type { Clock } from '../../events/clock';
import type { Store } from '../../store/store';
import type { Alert, AlertSource } from '../alert';
import { fromAlertmanager } from '../sources/alertmanager';
import { fromGeneric } from '../sources/generic';
import { fromGrafana } from '../sources/grafana';
import { PayloadError } from '../sources/payload-error';
import { fromSnsNotification, parseSnsBody } from '../sources/sns';
import { isSnsUrl, verifySnsSignature, type CertificateFetcher } from '../sources/sns-verify';
import { bodyErrors, rateLimit, requireToken, sameSecret } from './guard';

export interface WebhookDeps {
  config: AlertsConfig['webhooks'];
  clock: Clock;
  logger: Logger;
  store: Store;
  /** Stores the alerts (resolves once they are durable). */
  ingest(alerts: Alert[], source: AlertSource): Promise<void>;
  acknowledge(fingerprint: string, by: string): Promise<void>;
  fetchCertificate: CertificateFetcher;
  /** Visits an SNS SubscribeURL (already checked to be on an SNS host). */
  confirmSubscription(url: string): Promise<void>;
}

const LIMIT = '1mb';
type RawRequest = Request & { rawBody?: Buffer };
const keepRaw = (req: unknown, _res: unknown, buf: Buffer) => {
  (req as RawRequest).rawBody = buf;
};
const json = express.json({ limit: LIMIT, type: ['application/json', 'application/*+json'], verify: keepRaw });

const needJson: RequestHandler = (req, res, next) => {
  if (req.body === undefined || !req.is(['application/json', 'application/*+json'])) {
    res.status(415).json({ error: `expected Content-Type: application/json, got ${req.get('content-type') ?? 'none'}` });
    return;
  }
  next();
};

/** One place that turns outcomes into status codes: 400 names the field, 503 asks to retry. */
async function answer(res: Response, logger: Logger, work: () => Promise<number>): Promise<void> {
  try {
    const accepted = await work();
    res.status(200).json({ status: 'ok', accepted });
  } catch (error) {
    if (error instanceof PayloadError) {
      res.status(error.field === 'Signature' || error.field === 'signature' ? 403 : 400).json({ error: error.message, field: error.field });
      return;
    }
    logger.warn({ component: 'alerts', err: error instanceof Error ? error.message : String(error) }, 'webhook could not be stored; the sender should retry');
    res.set('Retry-After', '5').status(503).json({ error: 'could not store the alerts now; retry' });
  }
}

export function registerWebhooks(router: Router, deps: WebhookDeps): string[] {
  const { config, clock, logger } = deps;
  const mounted: string[] = [];
  const guard = (hook: { token: string; rateLimit: { perMinute: number; burst: number } }) => [requireToken(hook.token), rateLimit(hook.rateLimit, clock)];

  if (config.alertmanager) {
    router.post('/hooks/alertmanager', ...guard(config.alertmanager), json, needJson, (req, res) =>
      answer(res, logger, async () => {
        const alerts = fromAlertmanager(req.body, clock.now());
        await deps.ingest(alerts, 'alertmanager');
        return alerts.length;
      }),
    );
    mounted.push('/hooks/alertmanager');
  }

  const grafana = config.grafana;
  if (grafana) {
    router.post('/hooks/grafana', ...guard(grafana), json, needJson, (req, res) =>
      answer(res, logger, async () => {
        if (grafana.hmacSecret) checkGrafanaSignature(req as RawRequest, grafana, clock.now());
        const alerts = fromGrafana(req.body, clock.now());
        await deps.ingest(alerts, 'grafana');
        return alerts.length;
      }),
    );
    mounted.push('/hooks/grafana');
  }

  const generic = config.generic;
  if (generic) {
    router.post('/hooks/alert', ...guard(generic), json, needJson, (req, res) =>
      answer(res, logger, async () => {
        const result = fromGeneric(req.body, clock.now());
        if (result.kind === 'acknowledge') await deps.acknowledge(result.fingerprint, 'webhook');
        else await deps.ingest([result.alert], 'generic');
        return 1;
      }),
    );
    mounted.push('/hooks/alert');
  }

  const sns = config.sns;
  if (sns) {
    // SNS posts JSON as text/plain; accept any type and parse it ourselves.
    router.post('/hooks/sns', ...guard(sns), express.text({ limit: LIMIT, type: () => true }), (req, res) =>
      answer(res, logger, async () => {
        if (typeof req.body !== 'string' || !req.body) throw new PayloadError('(body)', 'expected the SNS message as JSON text');
        const message = parseSnsBody(req.body);
        if (sns.topicArns.length > 0 && !sns.topicArns.includes(message.TopicArn)) throw new PayloadError('TopicArn', `${message.TopicArn} is not one of alerts.webhooks.sns.topicArns`);
        if (message.Type === 'SubscriptionConfirmation' && !isSnsUrl(message.SubscribeURL)) throw new PayloadError('SubscribeURL', 'must be an https URL on sns.<region>.amazonaws.com');
        await verifySnsSignature(message, deps.fetchCertificate, clock.now());
        if (message.Type === 'SubscriptionConfirmation') {
          if (sns.autoConfirm) await deps.confirmSubscription(message.SubscribeURL!);
          else logger.warn({ component: 'alerts', topic: message.TopicArn, url: message.SubscribeURL }, 'SNS subscription waiting for confirmation: visit the SubscribeURL');
          if (sns.autoConfirm) logger.info({ component: 'alerts', topic: message.TopicArn }, 'SNS subscription confirmed');
          return 0;
        }
        if (message.Type === 'UnsubscribeConfirmation') {
          logger.warn({ component: 'alerts', topic: message.TopicArn }, 'SNS unsubscribed this endpoint');
          return 0;
        }
        // SNS retries until it gets a 2xx: the same MessageId must not alert twice.
        if (await deps.store.get('alerts.sns-seen', message.MessageId)) return 0;
        const alert = fromSnsNotification(message, clock.now(), sns.insufficientData);
        if (alert) await deps.ingest([alert], 'sns');
        await deps.store.put('alerts.sns-seen', message.MessageId, true, { ttlMs: 86_400_000 });
        return alert ? 1 : 0;
      }),
    );
    mounted.push('/hooks/sns');
  }
  router.use('/hooks', bodyErrors);
  return mounted;
}

function checkGrafanaSignature(req: RawRequest, grafana: NonNullable<AlertsConfig['webhooks']['grafana']>, now: number): void {
  const given = req.get(grafana.signatureHeader);
  if (!given) throw new PayloadError('signature', `missing ${grafana.signatureHeader} header (Grafana's HMAC signature is configured)`);
  let signed = req.rawBody ?? Buffer.alloc(0);
  if (grafana.timestampHeader) {
    const timestamp = req.get(grafana.timestampHeader);
    if (!timestamp || !/^\d+$/.test(timestamp)) throw new PayloadError('signature', `missing or bad ${grafana.timestampHeader} header`);
    if (Math.abs(now - Number(timestamp) * 1000) > grafana.maxSkew) throw new PayloadError('signature', 'timestamp too far from now (replayed?)');
    signed = Buffer.concat([Buffer.from(`${timestamp}:`), signed]);
  }
  const expected = createHmac('sha256', grafana.hmacSecret!).update(signed).digest('hex');
  if (!sameSecret(given.trim().toLowerCase().replace(/^sha256=/, ''), expected)) throw new PayloadError('signature', `${grafana.signatureHeader} does not match the body`);
}
