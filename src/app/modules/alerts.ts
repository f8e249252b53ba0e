import { Counter } from 'prom-client';
import { AlertRouter } from '../../alerts/router';
import { AlertService } from '../../alerts/service';
import { createCertificateFetcher, isSnsUrl } from '../../alerts/sources/sns-verify';
import { subscribeEvents } from '../../alerts/subscribe-events';
import { registerWebhooks } from '../../alerts/webhooks/routes';
import { describeError } from '../../robot/errors';
import type { AppModule } from '../context';

const SILENCE_BUTTON_MS = 3_600_000;

/**
 * The alert router: the bot's own events (log errors, monitor, deploy, scale) and the webhooks
 * (/hooks/alertmanager, /hooks/grafana, /hooks/sns, /hooks/alert) go through routes, groups and
 * silences into one living message per group and channel.
 */
export const alertsModule: AppModule = async ({ config, bus, robot, store, clock, logger, metrics }) => {
  const log = logger.child({ component: 'alerts' });
  const messages = new Counter({ name: 'opsbot_alert_messages_total', help: 'Alert messages produced, by kind (post, update, thread)', labelNames: ['kind'], registers: [metrics.registry] });
  const received = new Counter({ name: 'opsbot_alerts_received_total', help: 'Alerts accepted, by source', labelNames: ['source'], registers: [metrics.registry] });
  const router = new AlertRouter({
    config: config.alerts,
    store,
    clock,
    logger: log,
    chat: {
      send: (channel, message, options) => robot.messageRoom(channel, message, options),
      update: (ref, message) => robot.delivery.update(ref, message),
    },
    onMessage: (kind) => messages.inc({ kind }),
  });
  await router.load();
  const service = new AlertService(router, clock, received);
  robot.services.alerts = service;

  const unsubscribe = subscribeEvents({ bus, router, clock, config: config.alerts.internal, adminChannel: robot.adminChannel, ingest: (alerts, source) => service.ingest(alerts, source) });

  const fetchCertificate = createCertificateFetcher();
  registerWebhooks(robot.router, {
    config: config.alerts.webhooks,
    clock,
    logger: log,
    store,
    ingest: (alerts, source) => service.ingest(alerts, source),
    acknowledge: (fingerprint, by) => service.acknowledgeAlert(fingerprint, by),
    fetchCertificate: (url) => (robot.services.alertsCertificateFetcher ?? fetchCertificate)(url),
    confirmSubscription: async (url) => {
      if (!isSnsUrl(url)) throw new Error('refusing to confirm a subscription outside sns.<region>.amazonaws.com');
      const visit = robot.services.alertsSubscriptionConfirmer;
      if (visit) return visit(url);
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
      if (!response.ok) throw new Error(`SNS subscription confirmation answered ${response.status}`);
    },
  });

  // Flush often: timing (groupWait, groupInterval) is decided per group in the router, not here.
  robot.every('alerts.flush', 250, () => router.flush().catch((error) => log.warn({ err: describeError(error) }, 'alert flush failed')));

  robot.onAction('alerts.ack', async (event, reply) => {
    try {
      await service.ack(event.value || event.actionId.split(':')[1], event.user.name);
    } catch (error) {
      await reply(describeError(error));
    }
  });
  robot.onAction('alerts.silence', async (event, reply) => {
    const silence = await service.silenceGroup(event.value || event.actionId.split(':')[1], SILENCE_BUTTON_MS, event.user.name);
    await reply(`Silenced for 1h by ${event.user.name} (silence ${silence.id}; \`alerts unsilence ${silence.id}\` ends it).`);
  });

  robot.onShutdown(async () => {
    unsubscribe();
    await router.flush().catch(() => undefined);
  });
};
