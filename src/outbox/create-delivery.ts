import type { Logger } from 'pino';
import type { Adapter } from '../adapters/adapter';
import type { Clock } from '../events/clock';
import type { Metrics } from '../http/metrics';
import type { Delivery } from '../robot/delivery';
import { DirectDelivery } from '../robot/direct-delivery';
import type { Store } from '../store/store';
import { Outbox, type OutboxOptions } from './outbox';
import type { Pacing } from './token-bucket';

export interface DeliveryOptions {
  adapter: Adapter;
  store: Store;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  adminChannel?: string;
  /** Pacing and backoff overrides (benches, tests). */
  tuning?: Pick<OutboxOptions, 'pacing' | 'backoff' | 'sleep'>;
}

/** Adapters that write to the local terminal or a test recorder: nothing to pace, nothing to lose. */
const LOCAL_ADAPTERS = new Set(['shell', 'test']);

/**
 * The way out for every message. The shell and the test adapter deliver directly (instant, and
 * piped output keeps the order of sends); a chat service gets the durable, paced outbox.
 */
export function createDelivery(options: DeliveryOptions): Delivery {
  if (LOCAL_ADAPTERS.has(options.adapter.name)) return new DirectDelivery(options.adapter);
  // The adapter knows its chat service's limit (Slack's comes from config: slack.pacing).
  const { pacing } = options.adapter as { pacing?: Pacing };
  return new Outbox({
    pacing,
    transport: options.adapter,
    store: options.store,
    logger: options.logger,
    clock: options.clock,
    adminChannel: options.adminChannel,
    registry: options.metrics.registry,
    ...options.tuning,
  });
}
