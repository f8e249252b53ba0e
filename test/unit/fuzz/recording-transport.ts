import type { ExecResult, HostSession, Transport } from '../../../src/transport/transport';

/** A transport that runs nothing: it records every remote command and answers "done". */
export class RecordingTransport implements Transport {
  readonly commands: Array<{ host: string; command: string }> = [];

  async connect(host: string): Promise<HostSession> {
    const commands = this.commands;
    return {
      host,
      root: '',
      async exec(command: string): Promise<ExecResult> {
        commands.push({ host, command });
        return { code: 0, output: '', stdout: '', truncated: false, timedOut: false };
      },
      async upload(): Promise<void> {},
      async close(): Promise<void> {},
    };
  }
}

/**
 * Splits a POSIX shell command into the text outside single quotes (the part a shell
 * interprets) and the single-quoted values (taken literally). `'\''` is a quote inside a value.
 */
export function splitQuoted(command: string): { skeleton: string; values: string[] } {
  let skeleton = '';
  const values: string[] = [];
  let i = 0;
  while (i < command.length) {
    const char = command[i];
    if (char === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${command}`);
      let value = command.slice(i + 1, end);
      i = end + 1;
      // A value continued after an escaped quote: '...'\''...'
      while (command.startsWith("\\''", i)) {
        const next = command.indexOf("'", i + 3);
        if (next < 0) throw new Error(`unterminated quote in ${command}`);
        value += `'${command.slice(i + 3, next)}`;
        i = next + 1;
      }
      values.push(value);
      skeleton += "'…'";
    } else {
      skeleton += char;
      i += 1;
    }
  }
  // Lists of quoted values (`rm -rf -- 'a' 'b'`) and checksums vary in length, not in shape.
  return { skeleton: skeleton.replace(/'…'(?: '…')+/g, "'…'").replace(/\b[0-9a-f]{64}\b/g, '<sha256>'), values };
}
