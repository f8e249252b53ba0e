import type { Logger } from 'pino';
import type { Adapter } from '../adapters/adapter';
import type { Clock } from '../events/clock';
import type { Metrics } from '../http/metrics';
import type { Delivery } from '../robot/delivery';
import { DirectDelivery } from '../robot/direct-delivery';
import type { Store } from '../store/store';

export interface DeliveryOptions {
  adapter: Adapter;
  store: Store;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  adminChannel?: string;
}

// Owned by the Slack issue (3): the durable outbox replaces direct delivery.
export function createDelivery(options: DeliveryOptions): Delivery {
  return new DirectDelivery(options.adapter);
}
