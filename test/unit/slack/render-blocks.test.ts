import { LIMITS, renderBlocks } from '../../../src/adapters/slack/render-blocks';

describe('Block Kit rendering', () => {
  it('keeps a plain string as plain text', () => {
    expect(renderBlocks('PONG')).toEqual({ text: 'PONG' });
  });

  it('renders a rich message as header, section, fields, code, context and buttons with a text fallback', () => {
    const payload = renderBlocks({
      title: 'Deploy api',
      text: 'rolled out to 3 hosts',
      tone: 'good',
      fields: [{ label: 'ref', value: 'v1.2' }],
      code: 'line 1\nline 2',
      context: 'took 42s',
      actions: [{ actionId: 'deploy.rollback:api', label: 'Roll back', value: 'api', style: 'danger' }],
    });
    expect(payload.text).toContain('Deploy api');
    expect(payload.text).toContain('rolled out to 3 hosts');
    expect(payload.blocks?.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'actions']);
    expect(JSON.stringify(payload.blocks)).toContain('```line 1\\nline 2```');
    expect(payload.blocks?.[5]).toMatchObject({ elements: [{ type: 'button', action_id: 'deploy.rollback:api', value: 'api', style: 'danger' }] });
  });

  it('cuts output past Slack limits with a note and keeps the buttons', () => {
    const code = Array.from({ length: 6000 }, (_, i) => `log line ${i} ${'x'.repeat(40)}`).join('\n');
    const payload = renderBlocks({ text: 'logs', code, actions: [{ actionId: 'a', label: 'Ack', value: '1' }] });
    expect(payload.blocks!.length).toBe(LIMITS.blocks);
    expect(payload.blocks![payload.blocks!.length - 1].type).toBe('actions');
    expect(JSON.stringify(payload.blocks![payload.blocks!.length - 2])).toMatch(/Output cut: \d+ more blocks/);
    expect(payload.text.length).toBeLessThanOrEqual(LIMITS.text);
    expect(payload.text).toMatch(/cut: \d+ more characters/);
    for (const block of payload.blocks!) if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });

  it('forces blocks for an edit so earlier blocks are replaced', () => {
    expect(renderBlocks('done', { forceBlocks: true }).blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'done' } }]);
  });
});
