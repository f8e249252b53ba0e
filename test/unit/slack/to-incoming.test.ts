import { slackReplyPolicy, toActionEvent, toIncoming } from '../../../src/adapters/slack/to-incoming';
import { SlackSection } from '../../../src/config/sections/slack';

const bot = { userId: 'UBOT00001', botId: 'BBOT00001' };

describe('Slack events to robot messages', () => {
  it('maps an app_mention to an addressed channel message', () => {
    const message = toIncoming({ type: 'app_mention', user: 'U1', text: '<@UBOT00001> deploy api', ts: '1.1', channel: 'C1' }, bot, false);
    expect(message).toEqual({ id: '1.1', text: '<@UBOT00001> deploy api', userId: 'U1', channel: 'C1', thread: undefined, direct: false, mentioned: true });
  });

  it('moves a mention from the middle to the front', () => {
    expect(toIncoming({ type: 'app_mention', user: 'U1', text: 'please <@UBOT00001> deploy api', ts: '1', channel: 'C1' }, bot, false)?.text).toBe('<@UBOT00001> please deploy api');
  });

  it('maps message.im to a direct message and ignores other message events', () => {
    expect(toIncoming({ type: 'message', channel_type: 'im', user: 'U1', text: 'help', ts: '2', channel: 'D1' }, bot, false)).toMatchObject({ direct: true, mentioned: false });
    expect(toIncoming({ type: 'message', channel_type: 'channel', user: 'U1', text: 'help', ts: '2', channel: 'C1' }, bot, false)).toBeUndefined();
    expect(toIncoming({ type: 'message', subtype: 'message_changed', channel_type: 'im', ts: '2', channel: 'D1' }, bot, false)).toBeUndefined();
  });

  it('ignores its own messages always and other bots unless allowed', () => {
    const own = { type: 'app_mention', bot_id: 'BBOT00001', user: 'UBOT00001', text: '<@UBOT00001> hi', ts: '3', channel: 'C1' };
    expect(toIncoming(own, bot, true)).toBeUndefined();
    const other = { type: 'app_mention', bot_id: 'BOTHER001', text: '<@UBOT00001> status', ts: '3', channel: 'C1' };
    expect(toIncoming(other, bot, false)).toBeUndefined();
    expect(toIncoming(other, bot, true)).toMatchObject({ userId: 'BOTHER001' });
  });

  it('answers in the thread of a mention, in a thread under a top-level mention, and in the DM', () => {
    const policy = slackReplyPolicy(true);
    const base = { text: 'x', user: { id: 'U1', name: 'a' } };
    expect(policy({ ...base, id: '5.5', channel: 'C1', thread: '4.4', direct: false })).toEqual({ channel: 'C1', thread: '4.4' });
    expect(policy({ ...base, id: '5.5', channel: 'C1', direct: false })).toEqual({ channel: 'C1', thread: '5.5' });
    expect(policy({ ...base, id: '5.5', channel: 'D1', direct: true })).toEqual({ channel: 'D1' });
    expect(slackReplyPolicy(false)({ ...base, id: '5.5', channel: 'C1', direct: false })).toEqual({ channel: 'C1' });
  });

  it('maps block_actions to an action event', () => {
    const event = toActionEvent({ user: { id: 'U1', username: 'alice' }, channel: { id: 'C1' }, message: { ts: '9.9', thread_ts: '8.8' }, actions: [{ action_id: 'alert.ack:1', value: 'fp1' }] });
    expect(event).toEqual({ actionId: 'alert.ack:1', value: 'fp1', user: { id: 'U1', name: 'alice' }, channel: 'C1', messageTs: '9.9', thread: '8.8' });
  });
});

describe('the slack config section', () => {
  it('defaults to threads, no bots and Slack’s pace', () => {
    expect(SlackSection.parse({})).toEqual({ replyInThread: true, allowBots: false, pacing: { perSecond: 1, burst: 3 } });
  });

  it('says what is wrong with a bad pace or an unknown key', () => {
    const bad = SlackSection.safeParse({ pacing: { perSecond: 0, burst: 1.5 }, threads: true });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
    expect(messages).toMatch(/pacing.perSecond: expected messages per second above 0/);
    expect(messages).toMatch(/pacing.burst: expected a whole number/);
    expect(messages).toMatch(/threads/);
  });
});
