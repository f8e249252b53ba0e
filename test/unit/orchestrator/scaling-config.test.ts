import { ScalingSection } from '../../../src/config/sections/scaling';

const messages = (input: unknown) => {
  const result = ScalingSection.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('scaling config', () => {
  it('fills defaults: high 90, low 80, 5m cooldown and warm-up, 60s interval, simulate', () => {
    const parsed = ScalingSection.parse({ groups: { web: { namePrefix: 'web-', launchTemplate: 'web-lt' } } });
    expect(parsed.cloud.provider).toBe('aws');
    expect(parsed.groups.web).toMatchObject({ min: 1, max: 10, high: 90, low: 80, step: 'one', cooldown: 300_000, warmup: 300_000, interval: 60_000, mode: 'simulate', minReporting: 0.5, launchTemplate: { name: 'web-lt', version: '$Default' } });
  });

  it('names every bad key with a clear reason', () => {
    expect(messages({ groups: { web: { namePrefix: 'web-', launchTemplate: 'lt-0abc', low: 90, high: 80, min: 5, max: 2, cooldown: 'soon', minReporting: '150%' } } })).toEqual([
      'groups.web.cooldown: expected a duration like "30s", "5m", "1h" or a number of seconds',
      'groups.web.minReporting: expected a share like "50%" or 0.5 (above 0, at most 100%)',
    ]);
    expect(messages({ groups: { web: { namePrefix: 'web-', launchTemplate: 'lt-0abc', low: 90, high: 80, min: 5, max: 2 } } })).toEqual([
      'groups.web.low: low (90) must be below high (80)',
      'groups.web.min: min (5) must not exceed max (2)',
    ]);
    expect(messages({ groups: { web: { tags: { role: 'web' } } } })).toEqual(['groups.web.launchTemplate: an aws group needs a launchTemplate to launch from']);
    expect(messages({ cloud: { provider: 'static' }, groups: { web: { launchTemplate: 'x' } } })).toContain('groups.web.namePrefix: give tags or a namePrefix to find the group\'s instances');
    expect(messages({ groups: { web: { namePrefix: 'w', launchTemplate: 'x', period: 120, surprise: 1 } } })).toEqual(expect.arrayContaining(['groups.web.period: expected 60 or 300 (seconds)']));
  });
});
