import { formatDuration } from '../robot/format';
import type { RichMessage } from '../robot/message';
import type { Alert } from './alert';
import type { AlertEntry, GroupState } from './group-state';
import type { Silence } from './silences';

export interface GroupView {
  group: GroupState;
  entries: AlertEntry[];
  /** The silence covering each silenced fingerprint. */
  silenced: Map<string, Silence>;
  now: number;
  maxListed: number;
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

export function alertLine(alert: Alert, entry?: AlertEntry): string {
  const flaps = entry && entry.flaps > 0 ? ` (flapped ${entry.flaps}×)` : '';
  const state = alert.status === 'resolved' ? 'resolved' : alert.severity;
  return `• [${state}] ${alert.summary}${flaps} · fp ${alert.fingerprint}`;
}

/** The entries the living message lists: firing before resolved, worst first, newest first. */
export function listedEntries(entries: AlertEntry[], maxListed: number): AlertEntry[] {
  return [...entries]
    .sort((a, b) => (a.alert.status === b.alert.status ? 0 : a.alert.status === 'firing' ? -1 : 1) || SEVERITY_ORDER[a.alert.severity] - SEVERITY_ORDER[b.alert.severity] || b.firstSeenAt - a.firstSeenAt)
    .slice(0, maxListed);
}

function groupName(view: GroupView): string {
  const first = view.entries[0]?.alert;
  const labels = Object.entries(view.group.labels).filter(([, value]) => value !== '');
  if (labels.length > 0) return labels.map(([name, value]) => `${name}=${value}`).join(' ');
  return first?.labels.alertname ?? 'alerts';
}

/** The group's living message: state, counts, the alerts, links, and the buttons while firing. */
export function renderGroup(view: GroupView): RichMessage {
  const { group, entries, now } = view;
  const firing = entries.filter((entry) => entry.alert.status === 'firing' && !view.silenced.has(entry.alert.fingerprint));
  const silencedFiring = entries.filter((entry) => entry.alert.status === 'firing' && view.silenced.has(entry.alert.fingerprint));
  const resolved = entries.filter((entry) => entry.alert.status === 'resolved');
  const worst = firing.map((entry) => entry.alert.severity).sort((a, b) => SEVERITY_ORDER[a] - SEVERITY_ORDER[b])[0];
  const name = groupName(view);
  const single = entries.length === 1 ? entries[0].alert : undefined;

  let title: string;
  let tone: RichMessage['tone'];
  if (firing.length > 0) {
    title = `FIRING${worst === 'info' ? '' : ` [${worst}]`} ${single ? single.summary : `${name}: ${firing.length} alert${firing.length === 1 ? '' : 's'}`}`;
    tone = worst === 'critical' ? 'danger' : worst === 'warning' ? 'warning' : 'neutral';
  } else if (silencedFiring.length > 0) {
    title = `SILENCED ${single ? single.summary : `${name}: ${silencedFiring.length} alert${silencedFiring.length === 1 ? '' : 's'}`}`;
    tone = 'neutral';
  } else {
    const lastEnd = Math.max(...resolved.map((entry) => entry.resolvedAt ?? now));
    const firstStart = Math.min(...entries.map((entry) => entry.alert.startsAt));
    title = `RESOLVED ${single ? single.summary : name} after ${formatDuration(Math.max(0, lastEnd - firstStart))}`;
    tone = 'good';
  }

  const shown = listedEntries(entries, view.maxListed);
  const lines = shown.map((entry) => alertLine(entry.alert, entry));
  const more = entries.length - shown.length;
  if (more > 0) lines.push(`…and ${more} more (listed in the thread)`);
  const counts = [`${firing.length} firing`, `${resolved.length} resolved`, ...(silencedFiring.length ? [`${silencedFiring.length} silenced`] : [])].join(', ');
  const contextParts = [counts, `since ${new Date(group.openedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`];
  if (group.ackedBy) contextParts.push(`acked by ${group.ackedBy}`);
  const silence = [...view.silenced.values()][0];
  if (silence && silencedFiring.length > 0) contextParts.push(`silenced by ${silence.createdBy} until ${new Date(silence.endsAt).toISOString().slice(11, 16)} UTC (${silence.id})`);

  const details = single?.details;
  const links = entries.flatMap((entry) => entry.alert.links).slice(0, 5);
  const message: RichMessage = {
    title,
    // The title is shown by every renderer; the text holds the alerts (and is the fallback's body).
    text: lines.join('\n') || title,
    tone,
    context: contextParts.join(' · '),
  };
  if (details) message.code = details.length > 1500 ? `${details.slice(0, 1500)}…` : details;
  if (links.length > 0) message.fields = links.map((link) => ({ label: link.label, value: link.url }));
  const mentionWanted = group.destination.mention && firing.some((entry) => group.destination.mentionFor.includes(entry.alert.severity));
  if (mentionWanted) message.mention = group.destination.mention;
  if (firing.length > 0) {
    message.actions = [
      ...(group.ackedBy ? [] : [{ actionId: `alerts.ack:${group.id}`, label: 'Ack', value: group.id }]),
      { actionId: `alerts.silence:${group.id}`, label: 'Silence 1h', value: group.id, style: 'danger' as const },
    ];
  }
  return message;
}

/** Thread messages listing alerts the living message has no room for (each fingerprint once). */
export function renderOverflow(entries: AlertEntry[], perMessage = 300): string[] {
  const pages: string[] = [];
  for (let start = 0; start < entries.length; start += perMessage) {
    const page = entries.slice(start, start + perMessage);
    pages.push([`More alerts in this group (${page.length}):`, ...page.map((entry) => alertLine(entry.alert, entry))].join('\n'));
  }
  return pages;
}
