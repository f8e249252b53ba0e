import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import './ops-events';

/**
 * Typed events between capabilities and the composition root. Capabilities emit facts
 * (`deploy.finished`, `monitor.down`, `scale.decided`); the alert router subscribes. Each capability
 * adds its own events by declaration merging:
 *
 *   declare module '../events/bus' { interface OpsEvents { 'deploy.finished': DeployFinished } }
 */
export interface OpsEvents {
  /** A log record at error or fatal level (the seed's log.error that mailed someone). */
  'log.error': LogErrorEvent;
}

export interface LogErrorEvent {
  level: 'error' | 'fatal';
  msg: string;
  time: number;
  /** The record's context (script, command, error message, stack...), already redacted. */
  context: Record<string, unknown>;
}

type Handler<T> = (payload: T) => unknown;

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly logger?: Logger) {
    this.emitter.setMaxListeners(100);
  }

  on<K extends keyof OpsEvents>(type: K, handler: Handler<OpsEvents[K]>): () => void {
    const wrapped = (payload: OpsEvents[K]) => {
      // A failing subscriber must neither break the emitter nor loop back through log.error.
      try {
        const result = handler(payload);
        if (result instanceof Promise) result.catch((error) => this.report(type, error));
      } catch (error) {
        this.report(type, error);
      }
    };
    this.emitter.on(type, wrapped);
    return () => this.emitter.off(type, wrapped);
  }

  emit<K extends keyof OpsEvents>(type: K, payload: OpsEvents[K]): void {
    this.emitter.emit(type, payload);
  }

  private report(type: string, error: unknown): void {
    this.logger?.warn({ event: type, err: error }, 'event subscriber failed');
  }
}
