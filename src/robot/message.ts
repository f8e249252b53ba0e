// The chat-neutral shapes that flow between adapters, the robot and scripts.
// Nothing here knows about Slack: the Slack adapter renders RichMessage as Block Kit,
// the shell renders it as plain text.

export interface User {
  id: string;
  name: string;
}

export interface IncomingMessage {
  /** Adapter-unique id of the message (Slack: the message ts). */
  id: string;
  text: string;
  user: User;
  channel: string;
  /** Thread the message lives in (Slack: thread_ts), if any. */
  thread?: string;
  /** True in a direct message or the shell: every line is addressed to the bot. */
  direct: boolean;
  /** Set by an adapter that already knows the message is addressed to the bot (Slack app_mention). */
  mentioned?: boolean;
}

export interface Field {
  label: string;
  value: string;
}

export interface Action {
  /** Routed to the handler registered with robot.onAction(actionId). */
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

/** A structured message; `text` is the complete plain-text fallback. */
export interface RichMessage {
  text: string;
  title?: string;
  fields?: Field[];
  /** Preformatted output (logs, command output); rendered as a code block. */
  code?: string;
  /** Small print under the message. */
  context?: string;
  actions?: Action[];
  /** Hint for colour bars: good (green), warning (yellow), danger (red). */
  tone?: 'good' | 'warning' | 'danger' | 'neutral';
  /** Set to mention a user or group in a channel (e.g. "<!subteam^S123>" or "@oncall"). */
  mention?: string;
}

export type OutgoingMessage = string | RichMessage;

export function toRich(message: OutgoingMessage): RichMessage {
  return typeof message === 'string' ? { text: message } : message;
}

/** Where a message goes: a channel, optionally a thread (by ts or by a message the bot sent). */
export interface Target {
  channel: string;
  thread?: string;
  threadOf?: MessageRef;
}

/**
 * A message the bot sent (or queued). `id` is local and stable from the moment of sending,
 * so a living message can be updated before the chat service has even accepted it.
 */
export interface MessageRef {
  id: string;
  channel: string;
  /** The chat service's id of the message once known (Slack: ts). */
  ts?: string;
}

export interface ActionEvent {
  actionId: string;
  value: string;
  user: User;
  channel: string;
  /** The message carrying the button. */
  messageTs?: string;
  thread?: string;
}
