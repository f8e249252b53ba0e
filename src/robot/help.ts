// Hubot-style documentation headers: the comment block at the top of a script.
//
//   // Description:
//   //   Deploy services to their hosts.
//   // Commands:
//   //   bot deploy <service> - roll a release out
//   // Configuration:
//   //   services.<name> in opsbot.yaml

export interface HelpCommand {
  /** "deploy <service>[@ref] [to <env>]" (the bot's name is not part of it). */
  usage: string;
  description: string;
}

export interface ScriptHelp {
  script: string;
  description: string;
  commands: HelpCommand[];
  configuration: string;
}

const SECTIONS = ['description', 'commands', 'configuration', 'notes', 'author', 'dependencies'] as const;
type Section = (typeof SECTIONS)[number];

/** Reads the leading comment block of a script's source; tolerant of // and /* styles. */
export function parseHelpHeader(script: string, source: string): ScriptHelp {
  const lines: string[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '' && lines.length === 0) continue;
    const comment = /^(?:\/\/|\/\*+|\*\/?|#)\s?(.*)$/.exec(line);
    if (!comment) break;
    lines.push(comment[1].replace(/\*\/\s*$/, '').trimEnd());
  }

  const sections: Record<Section, string[]> = { description: [], commands: [], configuration: [], notes: [], author: [], dependencies: [] };
  let current: Section | undefined;
  for (const line of lines) {
    const heading = /^([A-Za-z]+):\s*(.*)$/.exec(line.trim());
    const name = heading?.[1].toLowerCase() as Section | undefined;
    if (heading && name && SECTIONS.includes(name) && !line.startsWith(' ')) {
      current = name;
      if (heading[2]) sections[current].push(heading[2]);
      continue;
    }
    if (current && line.trim()) sections[current].push(line.trim());
  }

  return {
    script,
    description: sections.description.join(' '),
    configuration: sections.configuration.join('\n'),
    commands: sections.commands.map(parseCommandLine),
  };
}

function parseCommandLine(line: string): HelpCommand {
  const withoutBot = line.replace(/^(?:hubot|bot|opsbot)\s+/i, '');
  const split = /^(.*?)\s+-\s+(.*)$/.exec(withoutBot);
  return split ? { usage: split[1].trim(), description: split[2].trim() } : { usage: withoutBot.trim(), description: '' };
}

/** The literal leading words of a usage ("deploy status [<service>]" → "deploy status"). */
export function commandKey(usage: string): string {
  const words: string[] = [];
  for (const word of usage.split(/\s+/)) {
    if (!/^[a-z][\w-]*$/i.test(word)) break;
    words.push(word.toLowerCase());
  }
  return words.join(' ');
}
