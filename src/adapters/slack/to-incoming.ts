import type { ActionEvent, IncomingMessage, Target } from '../../robot/message';

/** The fields of Slack's app_mention and message events the bot reads. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
}

export interface BotIdentity {
  userId: string;
  botId?: string;
}

/** Message subtypes that are people talking (edits, joins and deletions are not commands). */
const SPOKEN_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share', 'bot_message']);

/**
 * An app_mention (channel) or message.im (DM) as the robot's IncomingMessage, without the user's
 * display name (looked up afterwards); undefined when the bot must not act on it.
 */
export function toIncoming(event: SlackMessageEvent, bot: BotIdentity, allowBots: boolean): Omit<IncomingMessage, 'user'> & { userId: string } | undefined {
  if (!event.channel || !event.ts) return undefined;
  if (!SPOKEN_SUBTYPES.has(event.subtype)) return undefined;
  const fromBot = Boolean(event.bot_id) || event.subtype === 'bot_message';
  // Its own messages never: a reply that mentions the bot would otherwise loop.
  if (event.user === bot.userId || (bot.botId && event.bot_id === bot.botId)) return undefined;
  if (fromBot && !allowBots) return undefined;
  const userId = event.user ?? event.bot_id;
  if (!userId) return undefined;

  const direct = event.type === 'message';
  if (direct && event.channel_type !== 'im') return undefined;
  return {
    id: event.ts,
    text: direct ? event.text ?? '' : mentionFirst(event.text ?? '', bot.userId),
    userId,
    channel: event.channel,
    thread: event.thread_ts,
    direct,
    mentioned: !direct,
  };
}

/** "deploy api <@UBOT>" → "<@UBOT> deploy api", so the robot strips the address wherever it was. */
function mentionFirst(text: string, botUserId: string): string {
  const mention = new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`);
  const trimmed = text.trim();
  if (trimmed.search(mention) <= 0) return trimmed;
  return `<@${botUserId}> ${trimmed.replace(mention, ' ').replace(/\s+/g, ' ').trim()}`;
}

/**
 * Where answers go: a mention in a thread → that thread; a top-level mention → a thread under it
 * (or the channel when replyInThread is off); a DM → the DM (its thread when there is one).
 */
export function slackReplyPolicy(replyInThread: boolean) {
  return (message: IncomingMessage): Target => {
    if (message.thread) return { channel: message.channel, thread: message.thread };
    if (message.direct || !replyInThread) return { channel: message.channel };
    return { channel: message.channel, thread: message.id };
  };
}

/** The fields of a block_actions payload the bot reads. */
export interface BlockActionsBody {
  user?: { id: string; username?: string; name?: string };
  channel?: { id: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts?: string; thread_ts?: string };
  actions?: Array<{ action_id: string; value?: string; action_ts?: string }>;
}

export function toActionEvent(body: BlockActionsBody): ActionEvent | undefined {
  const action = body.actions?.[0];
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (!action || !channel || !body.user) return undefined;
  return {
    actionId: action.action_id,
    value: action.value ?? '',
    user: { id: body.user.id, name: body.user.username ?? body.user.name ?? body.user.id },
    channel,
    messageTs: body.message?.ts ?? body.container?.message_ts,
    thread: body.message?.thread_ts ?? body.container?.thread_ts,
  };
}
