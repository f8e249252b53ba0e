import fc from 'fast-check';
import { groupIdOf, groupLabelsOf, resolveRoutes } from '../../../src/alerts/routing';
import { matchesAll, parseMatcher, formatMatcher } from '../../../src/alerts/matchers';
import { silencing, type Silence } from '../../../src/alerts/silences';
import { alertsConfig } from './fixtures';

const value = fc.constantFrom('api', 'db', 'web', 'critical', 'warning', 'x');
const name = fc.constantFrom('service', 'severity', 'env');
const labelsArb = fc.dictionary(name, value, { maxKeys: 3 });
const routeArb = fc.record({
  match: fc.dictionary(name, value, { maxKeys: 2 }),
  matchRe: fc.dictionary(name, fc.constantFrom('api|web', 'd.*', 'crit.*'), { maxKeys: 1 }),
  channel: fc.constantFrom('a', 'b', 'c', 'd'),
  continue: fc.boolean(),
});

/** The reference semantics, written plainly: matching routes in order until one without continue. */
function expectedChannels(labels: Record<string, string>, routes: Array<{ match: Record<string, string>; matchRe: Record<string, string>; channel: string; continue: boolean }>, hint?: string): string[] {
  const channels: string[] = [];
  for (const route of routes) {
    const ok = Object.entries(route.match).every(([k, v]) => (labels[k] ?? '') === v) && Object.entries(route.matchRe).every(([k, v]) => new RegExp(`^(?:${v})$`).test(labels[k] ?? ''));
    if (!ok) continue;
    if (!channels.includes(route.channel)) channels.push(route.channel);
    if (!route.continue) break;
  }
  return channels.length > 0 ? channels : [hint ?? 'fallback'];
}

test('routes: ordered, continue, then the hint, then the default channel', () => {
  fc.assert(
    fc.property(labelsArb, fc.array(routeArb, { maxLength: 5 }), fc.option(fc.constantFrom('hinted'), { nil: undefined }), (labels, routes, hint) => {
      const config = alertsConfig({ defaultChannel: 'fallback', routes });
      const got = resolveRoutes({ labels, channel: hint }, config).map((d) => d.channel);
      expect(got).toEqual(expectedChannels(labels, routes, hint));
      expect(new Set(got).size).toBe(got.length);
    }),
  );
});

test('grouping: alerts share a group exactly when their groupBy labels are equal', () => {
  const groupBy = ['service', 'severity'];
  fc.assert(
    fc.property(labelsArb, labelsArb, fc.constantFrom('a', 'b'), (x, y, channel) => {
      const gx = groupLabelsOf(x, groupBy);
      const gy = groupLabelsOf(y, groupBy);
      const same = groupIdOf({ channel, route: 0 }, gx) === groupIdOf({ channel, route: 0 }, gy);
      const equal = groupBy.every((label) => (x[label] ?? '') === (y[label] ?? ''));
      expect(same).toBe(equal);
      expect(groupIdOf({ channel: 'a', route: 0 }, gx)).not.toBe(groupIdOf({ channel: 'b', route: 0 }, gx));
    }),
  );
});

test('matchers: format and parse round-trip, and silences apply only inside their window', () => {
  const matcherArb = fc.record({ name, op: fc.constantFrom('=', '!=', '=~', '!~') as fc.Arbitrary<'=' | '!=' | '=~' | '!~'>, value: fc.constantFrom('api', 'db|web', 'with space', '') });
  fc.assert(
    fc.property(fc.array(matcherArb, { minLength: 1, maxLength: 3 }), labelsArb, fc.integer({ min: -10, max: 10 }), (matchers, labels, offset) => {
      const reparsed = matchers.map((m) => parseMatcher(formatMatcher(m)));
      expect(reparsed).toEqual(matchers);
      const silence: Silence = { id: 's', matchers, startsAt: 0, endsAt: 5, createdBy: 't', comment: '' };
      const active = silencing(labels, [silence], offset) !== undefined;
      expect(active).toBe(offset >= 0 && offset < 5 && matchesAll(labels, matchers));
    }),
  );
});
