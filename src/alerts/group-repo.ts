import type { Store } from '../store/store';
import type { AlertEntry, GroupState } from './group-state';

const GROUPS = 'alerts.groups';
const ENTRIES = 'alerts.entries';

export interface LiveGroup {
  group: GroupState;
  entries: Map<string, AlertEntry>;
}

/**
 * Group state in the store, written through on every change, so a restart keeps editing the same
 * messages and no accepted alert is lost. Entries are kept one per key so a storm does not rewrite
 * a whole group for each alert.
 */
export class GroupRepo {
  constructor(private readonly store: Store) {}

  async loadAll(): Promise<Map<string, LiveGroup>> {
    const groups = new Map<string, LiveGroup>();
    for (const { value } of await this.store.list<GroupState>(GROUPS)) groups.set(value.id, { group: value, entries: new Map() });
    for (const { key, value } of await this.store.list<AlertEntry>(ENTRIES)) {
      const live = groups.get(key.slice(0, key.indexOf('/')));
      if (live) live.entries.set(value.alert.fingerprint, value);
      else await this.store.delete(ENTRIES, key);
    }
    return groups;
  }

  putGroup(group: GroupState): Promise<void> {
    return this.store.put(GROUPS, group.id, group);
  }

  putEntry(groupId: string, entry: AlertEntry): Promise<void> {
    return this.store.put(ENTRIES, `${groupId}/${entry.alert.fingerprint}`, entry);
  }

  async deleteEntries(groupId: string, fingerprints: Iterable<string>): Promise<void> {
    for (const fingerprint of fingerprints) await this.store.delete(ENTRIES, `${groupId}/${fingerprint}`);
  }

  async deleteGroup(live: LiveGroup): Promise<void> {
    await this.deleteEntries(live.group.id, live.entries.keys());
    await this.store.delete(GROUPS, live.group.id);
  }
}
