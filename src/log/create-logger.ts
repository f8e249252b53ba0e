import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { Writable } from 'node:stream';
import type { EventBus } from '../events/bus';
import type { Redactor } from './redactor';

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  redactor: Redactor;
  /** error and fatal records are also emitted here as `log.error` events (they become alerts). */
  bus?: EventBus;
  /** Where records go; stderr by default so the shell's stdout holds only replies. */
  destination?: NodeJS.WritableStream;
}

const LEVELS: Record<number, 'error' | 'fatal'> = { 50: 'error', 60: 'fatal' };

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stderr;
  const output = options.format === 'pretty' ? pretty({ destination, colorize: Boolean((destination as NodeJS.WriteStream).isTTY), sync: true, ignore: 'pid,hostname' }) : destination;
  const streams: pino.StreamEntry[] = [{ stream: output, level: options.level as pino.Level }];
  if (options.bus) streams.push({ stream: errorEventStream(options.bus), level: 'error' });
  return pino(
    {
      level: options.level,
      base: undefined,
      // Secrets are removed from the serialized line, whatever field or error message holds them.
      hooks: { streamWrite: (line) => options.redactor.redact(line) },
    },
    pino.multistream(streams),
  );
}

function errorEventStream(bus: EventBus): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        const record = JSON.parse(chunk.toString()) as Record<string, unknown>;
        const { level, msg, time, ...context } = record;
        const name = LEVELS[Number(level)];
        if (name) bus.emit('log.error', { level: name, msg: String(msg ?? ''), time: Number(time), context });
      } catch {
        // A record that is not JSON cannot be turned into an alert; it was still written to the log.
      }
      done();
    },
  });
}
