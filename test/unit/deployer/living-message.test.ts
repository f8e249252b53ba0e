import { LivingMessage } from '../../../src/deployer/living-message';
import type { MessageRef, OutgoingMessage } from '../../../src/robot/message';

describe('LivingMessage', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('coalesces updates to one edit per interval and always ends on the latest state', async () => {
    const edits: OutgoingMessage[] = [];
    const sink = { send: async (): Promise<MessageRef> => ({ id: 'm1', channel: 'ops' }), update: async (_: MessageRef, m: OutgoingMessage) => void edits.push(m) };
    const living = new LivingMessage(sink, 1000, () => Date.now());
    await living.start('plan');
    for (let i = 1; i <= 50; i += 1) living.set(`step ${i}`);
    expect(edits).toEqual([]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(edits).toEqual(['step 50']);
    living.set('step 51');
    living.set('step 52');
    await living.flush();
    expect(edits).toEqual(['step 50', 'step 52']);
    await jest.advanceTimersByTimeAsync(5000);
    expect(edits).toHaveLength(2);
  });
});
