import { commandKey, parseHelpHeader } from '../../../src/robot/help';
import { findClosestCommand } from '../../../src/robot/closest-command';
import { splitArgs } from '../../../src/robot/format';

describe('help headers', () => {
  it('reads Description, Commands and Configuration from the leading comment', () => {
    const help = parseHelpHeader('deploy.ts', ['// Description:', '//   Deploy services.', '// Commands:', '//   bot deploy <service> - roll a release out', '//   hubot deploy status [<service>] - what runs where', '// Configuration:', '//   services in opsbot.yaml', "import x from 'y';", '// Commands: not part of the header'].join('\n'));
    expect(help.description).toBe('Deploy services.');
    expect(help.commands).toEqual([
      { usage: 'deploy <service>', description: 'roll a release out' },
      { usage: 'deploy status [<service>]', description: 'what runs where' },
    ]);
    expect(help.configuration).toBe('services in opsbot.yaml');
  });

  it('finds the literal words of a usage and the closest command to a typo', () => {
    expect(commandKey('deploy status [<service>]')).toBe('deploy status');
    const commands = [{ usage: 'deploy <service>', description: '' }, { usage: 'deploy status', description: '' }, { usage: 'scale status [group]', description: '' }];
    expect(findClosestCommand('deplyo api', commands)?.usage).toBe('deploy <service>');
    expect(findClosestCommand('scael status', commands)?.usage).toBe('scale status [group]');
    expect(findClosestCommand('weather', commands)).toBeUndefined();
  });

  it('splits arguments like a shell would, without running anything', () => {
    expect(splitArgs(`silence service=api for 2h "db is down"`)).toEqual(['silence', 'service=api', 'for', '2h', 'db is down']);
    expect(splitArgs(`a '' b`)).toEqual(['a', '', 'b']);
    expect(() => splitArgs('say "unclosed')).toThrow(/unbalanced double quote/);
  });
});
