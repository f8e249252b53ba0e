import { toRich, type OutgoingMessage } from '../robot/message';

/** A message as plain text (the shell; also the fallback text of Slack messages). */
export function renderText(message: OutgoingMessage): string {
  const rich = toRich(message);
  const lines: string[] = [];
  if (rich.mention) lines.push(rich.mention);
  if (rich.title) lines.push(rich.title);
  if (rich.text && rich.text !== rich.title) lines.push(rich.text);
  for (const field of rich.fields ?? []) lines.push(`  ${field.label}: ${field.value}`);
  if (rich.code) lines.push(...rich.code.split('\n').map((line) => `    ${line}`));
  if (rich.context) lines.push(`  (${rich.context})`);
  if (rich.actions?.length) lines.push(`  ${rich.actions.map((action) => `[${action.label}]`).join(' ')}`);
  return lines.join('\n');
}
