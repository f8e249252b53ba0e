import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store';
import { formatMatcher, matchesAll, type Matcher } from './matchers';

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

const NS = 'alerts.silences';

/** Pure: is an alert with these labels silenced at `now`? Returns the silence that applies. */
export function silencing(labels: Record<string, string>, silences: readonly Silence[], now: number): Silence | undefined {
  return silences.find((silence) => silence.startsAt <= now && now < silence.endsAt && matchesAll(labels, silence.matchers));
}

export function describeSilence(silence: Silence): string {
  return silence.matchers.map(formatMatcher).join(' ');
}

/** Silences kept in memory for matching and in the store so they survive a restart. */
export class SilenceStore {
  private silences: Silence[] = [];

  constructor(private readonly store: Store) {}

  async load(now: number): Promise<void> {
    const rows = await this.store.list<Silence>(NS);
    this.silences = rows.map((row) => row.value).filter((silence) => silence.endsAt > now);
  }

  active(now: number): Silence[] {
    return this.silences.filter((silence) => silence.startsAt <= now && now < silence.endsAt);
  }

  async add(input: Omit<Silence, 'id'>): Promise<Silence> {
    const silence: Silence = { ...input, id: randomBytes(4).toString('hex') };
    // Kept a day past its end so `alerts silences` can still explain a recent expiry if asked.
    await this.store.put(NS, silence.id, silence, { ttlMs: Math.max(0, silence.endsAt - input.startsAt) + 86_400_000 });
    this.silences.push(silence);
    return silence;
  }

  /** Ends a silence now; undefined when there is no such active silence. */
  async expire(id: string, now: number): Promise<Silence | undefined> {
    const found = this.silences.find((silence) => silence.id === id && silence.endsAt > now);
    if (!found) return undefined;
    this.silences = this.silences.filter((silence) => silence.id !== id);
    await this.store.delete(NS, id);
    return { ...found, endsAt: now };
  }
}
