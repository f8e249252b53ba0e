import { formatHost, parseHost } from '../../../src/transport/parse-host';

describe('parseHost', () => {
  it.each([
    ['10.0.0.5', { hostname: '10.0.0.5' }],
    ['deploy@10.0.0.6:2222', { user: 'deploy', hostname: '10.0.0.6', port: 2222 }],
    ['web-1.internal', { hostname: 'web-1.internal' }],
    ['root@[fd00::5]:22', { user: 'root', hostname: 'fd00::5', port: 22 }],
  ])('parses %j', (spec, expected) => {
    expect(parseHost(spec)).toEqual({ user: undefined, port: undefined, ...expected });
  });

  it.each([
    ['x:99999', /bad port "99999"/],
    ['10.0.0.300', /bad IPv4 address/],
    ['fd00::5', /IPv6 addresses need brackets/],
    ['a b', /expected a host like/],
    ['$(id)@host', /bad user/],
    ['host;rm', /expected a host like/],
  ])('explains what is wrong with %j', (spec, message) => {
    expect(parseHost(spec)).toMatch(message);
  });

  it('brackets IPv6 addresses for URLs', () => {
    expect(formatHost({ hostname: 'fd00::5' })).toBe('[fd00::5]');
    expect(formatHost({ hostname: '10.0.0.5' })).toBe('10.0.0.5');
  });
});
