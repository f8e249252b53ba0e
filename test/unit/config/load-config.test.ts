import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/config/config-error';
import { readEnv } from '../../../src/config/env';
import { loadConfig, parseConfigText } from '../../../src/config/load-config';
import { parseDuration } from '../../../src/config/types';

function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfigText(text, 'test.yaml', env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('config', () => {
  it('applies defaults to an empty file', () => {
    const { config } = parseConfigText('', 'empty.yaml', {});
    expect(config.bot).toEqual({ name: 'opsbot', aliases: [], adminChannel: 'ops-alerts' });
    expect(config.http.port).toBe(8080);
    expect(config.scripts).toEqual([]);
  });

  it('lists every bad key path at once, unknown keys included', () => {
    const found = problems(['bot:', '  name: "two words"', '  adminChannel: "#bad channel!"', '  colour: blue', 'http:', '  port: 99999', 'nonsense: 1'].join('\n'));
    expect(found).toEqual(
      expect.arrayContaining([
        'bot.name: expected a word like "opsbot"',
        expect.stringMatching(/^bot\.adminChannel: expected a channel/),
        'bot.colour: unknown key',
        expect.stringMatching(/^http\.port: /),
        'nonsense: unknown key',
      ]),
    );
    expect(found).toHaveLength(5);
  });

  it('reports YAML syntax errors with their line', () => {
    const found = problems('bot:\n  name: [unclosed\n');
    expect(found[0]).toMatch(/^\(yaml, line \d+\): /);
  });

  it('rejects a file that is not a mapping', () => {
    expect(problems('- just\n- a list\n')).toEqual(['(root): expected a mapping of sections (bot, services, monitors, ...)']);
  });

  it('interpolates ${VAR} and ${VAR:-default}, remembers the values as secrets, and names missing ones', () => {
    const { config, secrets } = parseConfigText('bot:\n  name: ${NAME}\n  adminChannel: ${CHAN:-ops}\n', 'x', { NAME: 'robo' });
    expect(config.bot.name).toBe('robo');
    expect(config.bot.adminChannel).toBe('ops');
    expect(secrets).toEqual(['robo']);
    expect(problems('bot:\n  name: ${MISSING_VAR}\n')).toContain('bot.name: environment variable MISSING_VAR is not set');
  });

  it('never prints a secret value in its errors', () => {
    const secret = 'xoxb-super-secret-token-value';
    try {
      parseConfigText('bot:\n  name: ${TOKEN}\n', 'x', { TOKEN: secret });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('uses the built-in sandbox when there is no config file, and fails on a missing OPSBOT_CONFIG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbot-cfg-'));
    const sandbox = loadConfig(readEnv({ OPSBOT_DATA_DIR: join(dir, 'var') }), {}, dir);
    expect(sandbox.sandbox).toBe(true);
    expect(() => loadConfig(readEnv({ OPSBOT_CONFIG: 'nope.yaml' }), {}, dir)).toThrow(/not found/);
    writeFileSync(join(dir, 'opsbot.yaml'), 'bot:\n  name: filebot\n');
    const fromFile = loadConfig(readEnv({}), {}, dir);
    expect(fromFile.sandbox).toBe(false);
    expect(fromFile.config.bot.name).toBe('filebot');
  });

  it('parses durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration(5)).toBe(5000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('5 parsecs')).toBeUndefined();
  });
});
