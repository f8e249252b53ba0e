import fc from 'fast-check';
import { AuthSection, type AuthRule } from '../../../src/config/sections/auth';
import { globMatches } from '../../../src/auth/glob';
import { decide, decideAnyTarget } from '../../../src/auth/policy';

const rules = (input: unknown[]): AuthRule[] => AuthSection.parse({ roles: { deployers: {}, devs: {}, admins: {} }, rules: input }).rules;
const ask = (command: string, target?: string, mutates = true, channel = 'C1', channelName?: string) => ({ command, target, mutates, channel, channelName });

describe('decide', () => {
  it('lets everyone run read-only commands and denies mutating ones without a rule', () => {
    expect(decide(ask('deploy.status', undefined, false), [], new Set())).toMatchObject({ allowed: true });
    const denied = decide(ask('deploy', 'api to production'), [], new Set(['admins']));
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toBe('`deploy api to production` changes something and no auth rule allows it (an admin can add one to auth.rules with command "deploy")');
  });

  it('says which role and rule would allow a denied command', () => {
    const r = rules([{ command: 'deploy', target: '* to production', roles: ['deployers', 'admins'] }]);
    const denied = decide(ask('deploy', 'api to production'), r, new Set(['devs']));
    expect(denied).toMatchObject({ allowed: false, rule: 'rule 1: deploy "* to production"' });
    expect(denied.reason).toBe('`deploy api to production` needs role deployers or admins (rule 1: deploy "* to production")');
    expect(decide(ask('deploy', 'api to production'), r, new Set(['admins']))).toMatchObject({ allowed: true, rule: 'rule 1: deploy "* to production"' });
  });

  it('lets the most specific rule decide: devs deploy to staging, only deployers to production', () => {
    const r = rules([
      { command: 'deploy', roles: ['devs'] },
      { command: 'deploy', target: '* to production', roles: ['deployers'], approvers: 1 },
    ]);
    expect(decide(ask('deploy', 'api to staging'), r, new Set(['devs'])).allowed).toBe(true);
    expect(decide(ask('deploy', 'api to production'), r, new Set(['devs'])).allowed).toBe(false);
    expect(decide(ask('deploy', 'api to production'), r, new Set(['deployers']))).toMatchObject({ allowed: true, approvers: 1 });
  });

  it('restricts by channel and says where the command is allowed', () => {
    const r = rules([{ command: 'scale mode', target: '* act', roles: ['admins'], channels: ['#ops'] }]);
    expect(r[0].command).toBe('scale.mode');
    const denied = decide(ask('scale.mode', 'web act', true, 'C1', 'random'), r, new Set(['admins']));
    expect(denied.reason).toBe('`scale mode web act` is allowed only in #ops (rule 1: scale.mode "* act")');
    expect(decide(ask('scale.mode', 'web act', true, 'C1', 'ops'), r, new Set(['admins'])).allowed).toBe(true);
    expect(decide(ask('scale.mode', 'web act', true, 'ops'), r, new Set(['admins'])).allowed).toBe(true);
  });

  it('passes the deciding rule\'s confirm override and approvers on', () => {
    const r = rules([{ command: 'deploy.*', roles: ['devs'], confirm: false }]);
    expect(decide(ask('deploy.rollback', 'api'), r, new Set(['devs']))).toMatchObject({ allowed: true, confirm: false });
  });

  it('help asks whether some target is allowed', () => {
    const r = rules([{ command: 'deploy', target: '* to staging', roles: ['devs'] }]);
    expect(decideAnyTarget({ command: 'deploy', mutates: true, channel: 'C1' }, r, new Set(['devs'])).allowed).toBe(true);
    expect(decideAnyTarget({ command: 'deploy', mutates: true, channel: 'C1' }, r, new Set())).toMatchObject({ allowed: false, reason: 'needs role devs' });
  });
});

describe('decide (properties)', () => {
  const name = fc.stringMatching(/^[a-z]{1,6}(\.[a-z]{1,6})?$/);
  const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
  const roleSet = fc.subarray(['deployers', 'devs', 'admins']);
  const rule = fc.record({ command: fc.oneof(name, fc.constant('*')), target: fc.option(fc.oneof(word, fc.constant('*'), word.map((w) => `* ${w}`)), { nil: undefined }), roles: fc.subarray(['deployers', 'devs', 'admins'], { minLength: 1 }) });

  it('never allows a mutating command that no rule mentions', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 6 }), name, fc.option(word, { nil: undefined }), roleSet, (raw, command, target, held) => {
        const r = rules(raw.map((x) => (x.target === undefined ? { command: x.command, roles: x.roles } : x)));
        const decision = decide(ask(command, target), r, new Set(held));
        if (decision.allowed) {
          const index = decision.ruleIndex ?? -1;
          expect(index).toBeGreaterThanOrEqual(0);
          expect(globMatches(r[index].command, command)).toBe(true);
          expect(r[index].roles.some((role) => held.includes(role))).toBe(true);
        } else expect(decision.reason.length).toBeGreaterThan(0);
      }),
    );
  });

  it('gives a user with every role at least what a user with fewer roles gets', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 6 }), name, fc.option(word, { nil: undefined }), roleSet, (raw, command, target, held) => {
        const r = rules(raw.map((x) => (x.target === undefined ? { command: x.command, roles: x.roles } : x)));
        if (decide(ask(command, target), r, new Set(held)).allowed) expect(decide(ask(command, target), r, new Set(['deployers', 'devs', 'admins'])).allowed).toBe(true);
      }),
    );
  });

  it('glob "*" matches everything, a literal only itself (case and spacing aside)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(globMatches('*', text)).toBe(true);
        expect(globMatches(`*${text.replace(/\*/g, '')}*`, `a ${text.replace(/\*/g, '')} b`)).toBe(true);
      }),
    );
    expect(globMatches('api to production', 'API  to production')).toBe(true);
    expect(globMatches('api to production', 'api to production2')).toBe(false);
    expect(globMatches('* to prod*', 'web to production')).toBe(true);
  });
});
