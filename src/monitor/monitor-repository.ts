import type { MonitorConfigInput } from '../config/sections/monitors';
import type { Store } from '../store/store';
import type { MonitorState } from './types';
import type { UptimeRecord } from './uptime';

const STATE = 'monitor.state';
const UPTIME = 'monitor.uptime';
const DEFS = 'monitor.defs';

export interface StoredChatMonitor {
  input: MonitorConfigInput;
  addedBy: string;
  addedAt: number;
}

/** The monitor's corner of the store: state (transitions written at once), uptime, chat-added monitors. */
export class MonitorRepository {
  constructor(private readonly store: Store) {}

  async loadStates(): Promise<Map<string, MonitorState>> {
    const rows = await this.store.list<MonitorState>(STATE);
    return new Map(rows.map((row) => [row.key, row.value]));
  }

  async loadUptime(): Promise<Map<string, UptimeRecord>> {
    const rows = await this.store.list<UptimeRecord>(UPTIME);
    return new Map(rows.map((row) => [row.key, row.value]));
  }

  saveState(name: string, state: MonitorState): Promise<void> {
    return this.store.put(STATE, name, state);
  }

  saveUptime(name: string, record: UptimeRecord): Promise<void> {
    return this.store.put(UPTIME, name, record);
  }

  async forget(name: string): Promise<void> {
    await this.store.delete(STATE, name);
    await this.store.delete(UPTIME, name);
  }

  async chatMonitors(): Promise<StoredChatMonitor[]> {
    return (await this.store.list<StoredChatMonitor>(DEFS)).map((row) => row.value);
  }

  /** False when a monitor of that name was added meanwhile. */
  addChatMonitor(name: string, monitor: StoredChatMonitor): Promise<boolean> {
    return this.store.putIfAbsent(DEFS, name, monitor);
  }

  removeChatMonitor(name: string): Promise<boolean> {
    return this.store.delete(DEFS, name);
  }
}
