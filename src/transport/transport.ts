/**
 * How the deployer reaches a host: connect once per host, run commands, upload a file, close.
 * Two implementations: `ssh` (node-ssh with host-key verification) and `local` (hosts are
 * directories on the bot's machine, used by the sandbox and unit tests).
 */
export interface ExecOptions {
  /** The command is abandoned (and reported as timed out) after this long. */
  timeoutMs: number;
  /** Called with output as it arrives (stdout and stderr interleaved). */
  onOutput?: (chunk: string) => void;
  /** Output kept in memory per command; the tail is kept when it is exceeded. Default 64 KiB. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  /** Exit code; -1 when the command timed out or the connection dropped. */
  code: number;
  /** The tail of stdout and stderr interleaved, capped at maxOutputBytes. */
  output: string;
  /** The tail of stdout alone (for commands whose answer we parse). */
  stdout: string;
  truncated: boolean;
  timedOut: boolean;
}

export interface HostSession {
  readonly host: string;
  /** Prefix for remote absolute paths: '' over SSH, the host's directory for local hosts. */
  readonly root: string;
  exec(command: string, options: ExecOptions): Promise<ExecResult>;
  upload(localFile: string, remoteFile: string, options: { timeoutMs: number }): Promise<void>;
  close(): Promise<void>;
}

export interface Transport {
  /** Opens a session; rejects with a TransportError naming the host and the reason. */
  connect(host: string, options: { timeoutMs: number }): Promise<HostSession>;
}

/** A host could not be reached or refused us; `reason` is a sentence for the user. */
export class TransportError extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${host}: ${reason}`, options);
    this.name = 'TransportError';
  }
}

export const DEFAULT_MAX_OUTPUT = 64 * 1024;
