import { Counter, Gauge, type Registry } from 'prom-client';

export interface OutboxMetrics {
  sent: Counter<'op'>;
  retries: Counter<'reason'>;
  parked: Counter<string>;
}

export function createOutboxMetrics(registry: Registry, queued: () => number): OutboxMetrics {
  new Gauge({
    name: 'opsbot_outbox_queued',
    help: 'Messages waiting in the outbox',
    registers: [registry],
    collect() {
      this.set(queued());
    },
  });
  return {
    sent: new Counter({ name: 'opsbot_outbox_delivered_total', help: 'Messages and edits the chat service accepted', labelNames: ['op'], registers: [registry] }),
    retries: new Counter({ name: 'opsbot_outbox_retries_total', help: 'Delivery attempts that will be retried, by reason', labelNames: ['reason'], registers: [registry] }),
    parked: new Counter({ name: 'opsbot_outbox_parked_total', help: 'Messages parked as undeliverable', registers: [registry] }),
  };
}
