import type { Clock } from '../../events/clock';
import type { Store } from '../../store/store';

export const SEEN_NS = 'slack.seen';
/** Slack retries an event for up to about an hour; a day is plenty and keeps the table small. */
const SEEN_TTL_MS = 86_400_000;

/**
 * Slack re-sends an event when an ack is late or a second connection exists. Every key of an event
 * (its event_id, its channel+ts) is recorded in the store, so a command runs once even across a
 * restart. At most once: a crash right after recording loses that command rather than repeat a deploy.
 */
export class EventDedupe {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** True when none of the keys was seen before; records them all either way. */
  async firstTime(keys: Array<string | undefined>): Promise<boolean> {
    let fresh = true;
    for (const key of keys) {
      if (!key) continue;
      if (!(await this.store.putIfAbsent(SEEN_NS, key, this.clock.now(), { ttlMs: SEEN_TTL_MS }))) fresh = false;
    }
    return fresh;
  }
}
