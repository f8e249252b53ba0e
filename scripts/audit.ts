// Description:
//   Who ran what, where, and how it ended: the audit log of every command and button click.
// Commands:
//   bot audit [n] [user|command] - the latest n entries (default 10), for a user or a command
// Configuration:
//   auth.auditToken turns on GET /audit (JSON lines, bearer token) (docs/auth.md)
import type { AuditRecord } from '../src/audit/audit-log';
import type { Robot } from '../src/robot/robot';

export default (robot: Robot) => {
  robot.respond(/audit(?:\s+(\d{1,4}))?(?:\s+(\S+))?\s*$/i, { name: 'audit', mutates: false }, async (res) => {
    const limit = Math.min(Number(res.match[1] ?? 10), 100);
    const word = res.match[2];
    // <@U123> (a Slack mention) and @alice name users; a known command name filters by command.
    const user = word ? /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(word)?.[1] ?? word.replace(/^@/, '') : undefined;
    const isCommand = word !== undefined && !word.startsWith('<@') && !word.startsWith('@') && robot.commandListeners.some((l) => l.spec.name === word.toLowerCase() || l.spec.name.startsWith(`${word.toLowerCase()}.`));
    const records = await robot.need('audit').query({ limit: Math.max(limit, 1), ...(isCommand ? { command: word } : { user }) });
    if (records.length === 0) {
      await res.send(word ? `No audit entries for \`${word.replace(/`/g, "'")}\`.` : 'The audit log is empty.');
      return;
    }
    await res.send({ title: `Audit: the latest ${records.length}${word ? ` for ${word}` : ''}`, text: `${records.length} entries, newest first`, code: records.map(formatRecord).join('\n') });
  });
};

function formatRecord(record: AuditRecord): string {
  const when = new Date(record.at).toISOString().replace('T', ' ').slice(0, 19);
  const text = record.text.replace(/\s+/g, ' ');
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  const by = record.confirmedBy?.length ? ` (confirmed by ${record.confirmedBy.map((u) => u.name).join(', ')})` : '';
  const why = record.outcome === 'denied' && record.reason ? `: ${record.reason}` : record.outcome === 'error' && record.error ? `: ${record.error}` : '';
  const where = record.kind === 'button' ? 'button ' : '';
  return `${when}  ${record.user.name} in #${record.channel}  ${where}${shown}  → ${record.outcome}${why}${by}  ${record.durationMs}ms`;
}
