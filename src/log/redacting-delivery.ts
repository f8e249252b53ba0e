import type { Delivery, SendOptions } from '../robot/delivery';
import { toRich, type MessageRef, type OutgoingMessage, type Target } from '../robot/message';
import type { Redactor } from './redactor';

/** Every chat message passes here on its way out, so no path can post a secret. */
export class RedactingDelivery implements Delivery {
  constructor(
    private readonly inner: Delivery,
    private readonly redactor: Redactor,
  ) {}

  send(target: Target, message: OutgoingMessage, options?: SendOptions): Promise<MessageRef> {
    return this.inner.send(target, this.clean(message), options);
  }

  update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    return this.inner.update(ref, this.clean(message));
  }

  flush(timeoutMs?: number): Promise<void> {
    return this.inner.flush(timeoutMs);
  }

  private clean(message: OutgoingMessage): OutgoingMessage {
    return typeof message === 'string' ? this.redactor.redact(message) : this.redactor.redactDeep(toRich(message));
  }
}
