import type { types } from '@slack/bolt';
import { toRich, type OutgoingMessage, type RichMessage } from '../../robot/message';
import { renderText } from '../render-text';

type KnownBlock = types.KnownBlock;

/** Slack's limits (chat.postMessage): https://docs.slack.dev/reference/methods/chat.postMessage */
export const LIMITS = { text: 40_000, blocks: 50, sectionText: 3000, field: 2000, fields: 10, header: 150, buttonLabel: 75, buttonValue: 2000, actions: 25 } as const;

export interface SlackPayload {
  text: string;
  blocks?: KnownBlock[];
}

const TONE_EMOJI: Record<NonNullable<RichMessage['tone']>, string> = { good: ':large_green_circle:', warning: ':large_yellow_circle:', danger: ':red_circle:', neutral: '' };

/**
 * A message as Block Kit plus its plain-text fallback (notifications, screen readers, old clients).
 * Plain strings stay plain text unless `forceBlocks` (an edit must replace earlier blocks).
 */
export function renderBlocks(message: OutgoingMessage, options: { forceBlocks?: boolean } = {}): SlackPayload {
  const text = cut(renderText(message), LIMITS.text, 'characters');
  if (typeof message === 'string' && !options.forceBlocks) return { text };
  const rich = toRich(message);
  const blocks: KnownBlock[] = [];
  if (rich.title) {
    const emoji = rich.tone ? TONE_EMOJI[rich.tone] : '';
    blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(`${emoji ? `${emoji} ` : ''}${rich.title}`, LIMITS.header), emoji: true } });
  }
  const body = [rich.mention, rich.text && rich.text !== rich.title ? rich.text : undefined].filter(Boolean).join(' ');
  for (const chunk of chunks(body, LIMITS.sectionText)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  const fields = rich.fields ?? [];
  for (let i = 0; i < fields.length; i += LIMITS.fields) {
    blocks.push({
      type: 'section',
      fields: fields.slice(i, i + LIMITS.fields).map((field) => ({ type: 'mrkdwn' as const, text: clip(`*${field.label}*\n${field.value || ' '}`, LIMITS.field) })),
    });
  }
  if (rich.code) {
    // Fences take 8 characters; backticks inside would close the block early.
    const code = rich.code.replace(/```/g, "'''");
    for (const chunk of chunks(code, LIMITS.sectionText - 8)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${chunk}\`\`\`` } });
  }
  if (rich.context) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(rich.context, LIMITS.sectionText) }] });
  const actions = rich.actions ?? [];
  if (actions.length > 0) {
    blocks.push({
      type: 'actions',
      elements: actions.slice(0, LIMITS.actions).map((action) => ({
        type: 'button' as const,
        action_id: action.actionId,
        text: { type: 'plain_text' as const, text: clip(action.label, LIMITS.buttonLabel), emoji: true },
        value: clip(action.value, LIMITS.buttonValue),
        ...(action.style ? { style: action.style } : {}),
      })),
    });
  }
  return { text, blocks: limitBlocks(blocks) };
}

/** Past 50 blocks the middle is dropped (the buttons at the end survive) and a note says so. */
function limitBlocks(blocks: KnownBlock[]): KnownBlock[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  const last = blocks[blocks.length - 1];
  const kept = last.type === 'actions' ? [last] : [];
  const room = LIMITS.blocks - 1 - kept.length;
  const dropped = blocks.length - room - kept.length;
  const note: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: `_Output cut: ${dropped} more block${dropped === 1 ? '' : 's'} not shown (Slack allows ${LIMITS.blocks})._` }] };
  return [...blocks.slice(0, room), note, ...kept];
}

function chunks(text: string, size: number): string[] {
  if (!text) return [];
  const result: string[] = [];
  let rest = text;
  while (rest.length > size) {
    // Prefer a line break so code and logs are not split mid-line.
    const breakAt = rest.lastIndexOf('\n', size);
    const at = breakAt > size / 2 ? breakAt : size;
    result.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest) result.push(rest);
  return result;
}

function clip(text: string, size: number): string {
  return text.length <= size ? text : `${text.slice(0, size - 1)}…`;
}

function cut(text: string, size: number, unit: string): string {
  if (text.length <= size) return text;
  const note = `\n… (cut: ${text.length - size} more ${unit}; Slack allows ${size})`;
  return `${text.slice(0, size - note.length - 10)}${note}`;
}
