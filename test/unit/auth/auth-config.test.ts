import { parseConfigText } from '../../../src/config/load-config';
import { ConfigError } from '../../../src/config/config-error';
import { expandRoles } from '../../../src/auth/roles';
import { AuthSection } from '../../../src/config/sections/auth';

function problems(yaml: string): string[] {
  try {
    parseConfigText(yaml, 'test.yaml', {});
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('auth config', () => {
  it('has secure defaults: no roles, no rules, 10 minute confirmations, no audit API', () => {
    expect(AuthSection.parse({})).toEqual({ roles: {}, rules: [], confirmTtl: 600_000, groupRefresh: 300_000 });
  });

  it('accepts the documented example', () => {
    const yaml = [
      'auth:',
      '  roles:',
      '    deployers: { users: [U123], groups: ["@platform"], roles: [admins] }',
      '    admins: { users: [U999] }',
      '  rules:',
      '    - { command: deploy, target: "api to production", roles: [deployers], channels: ["#deploys"], approvers: 1 }',
      '    - { command: "scale mode", target: "* act", roles: [admins], confirm: true }',
      '  confirmTtl: 5m',
      '  auditToken: "0123456789abcdef0123"',
    ].join('\n');
    expect(problems(yaml)).toEqual([]);
    const { config } = parseConfigText(yaml, 'test.yaml', {});
    expect(config.auth.rules[0]).toMatchObject({ command: 'deploy', channels: ['deploys'], approvers: 1 });
    expect(config.auth.rules[1].command).toBe('scale.mode');
    expect(config.auth.confirmTtl).toBe(300_000);
  });

  it('names every bad key: unknown roles, cycles, unknown keys, bad values', () => {
    const yaml = [
      'auth:',
      '  roles:',
      '    a: { roles: [b] }',
      '    b: { roles: [a], members: [x] }',
      '  rules:',
      '    - { command: deploy, roles: [deployer] }',
      '    - { command: deploy, roles: [] , approvers: 0 }',
      '  confirmTtl: soon',
      '  auditToken: short',
    ].join('\n');
    const found = problems(yaml);
    expect(found).toEqual(
      expect.arrayContaining([
        'auth.roles.b.members: unknown key',
        'auth.rules.1.roles: name at least one role that may run the command',
        'auth.rules.1.approvers: expected at least 1 approver',
        'auth.confirmTtl: expected a duration like "30s", "5m", "1h" or a number of seconds',
        'auth.auditToken: expected a token of at least 16 characters',
      ]),
    );
  });

  it('reports unknown roles and cycles when the shapes are right', () => {
    expect(problems('auth:\n  roles:\n    a: { roles: [b] }\n    b: { roles: [a] }\n  rules:\n    - { command: deploy, roles: [deployer] }\n')).toEqual([
      'auth.rules.0.roles.0: unknown role "deployer" (roles: a, b)',
      'auth.roles.a: roles include each other in a cycle: a → b → a',
    ]);
  });

  it('expands roles that include other roles', () => {
    const roles = AuthSection.parse({ roles: { admins: { users: ['U1'] }, deployers: { roles: ['admins'] }, release: { roles: ['deployers'] }, other: {} } }).roles;
    expect([...expandRoles(new Set(['admins']), roles)].sort()).toEqual(['admins', 'deployers', 'release']);
  });
});
