import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/** The bot's Prometheus registry; capabilities add their own metrics to `registry`. */
export interface Metrics {
  registry: Registry;
  commands: Counter<'command' | 'outcome'>;
  errors: Counter<'source'>;
  messagesSent: Counter<'kind'>;
}

export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry, prefix: 'opsbot_' });
  return {
    registry,
    commands: new Counter({ name: 'opsbot_commands_total', help: 'Commands handled, by command and outcome', labelNames: ['command', 'outcome'], registers: [registry] }),
    errors: new Counter({ name: 'opsbot_errors_total', help: 'Errors, by source', labelNames: ['source'], registers: [registry] }),
    messagesSent: new Counter({ name: 'opsbot_messages_sent_total', help: 'Chat messages sent, by kind', labelNames: ['kind'], registers: [registry] }),
  };
}
