import type { Logger } from 'pino';

export interface Job {
  name: string;
  intervalMs: number;
  stop(): void;
  /** Runs the job now (outside its schedule), unless a run is already in progress. */
  runNow(): Promise<void>;
}

/**
 * Repeating jobs (`robot.every`). A run never overlaps the previous one: the next run is timed
 * from the end of the last, so a slow check cannot pile up. Errors are reported, not thrown.
 */
export class Scheduler {
  private readonly jobs = new Set<Job>();
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    private readonly onError: (error: unknown, job: string) => void,
  ) {}

  every(name: string, intervalMs: number, run: () => unknown, options: { runAtStart?: boolean } = {}): Job {
    if (!(intervalMs > 0)) throw new Error(`job ${name}: interval must be positive, got ${intervalMs}`);
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let active = !this.stopped;

    const execute = async () => {
      if (running) return running;
      running = (async () => {
        try {
          await run();
        } catch (error) {
          this.onError(error, name);
        }
      })();
      try {
        await running;
      } finally {
        running = undefined;
      }
    };
    const schedule = (delay: number) => {
      if (!active) return;
      timer = setTimeout(async () => {
        await execute();
        schedule(intervalMs);
      }, delay);
      // Jobs never keep the process alive on their own; the adapter and HTTP server do.
      timer.unref();
    };

    const job: Job = {
      name,
      intervalMs,
      stop: () => {
        active = false;
        if (timer) clearTimeout(timer);
        this.jobs.delete(job);
      },
      runNow: execute,
    };
    this.jobs.add(job);
    schedule(options.runAtStart ? 0 : intervalMs);
    this.logger.debug({ job: name, intervalMs }, 'job scheduled');
    return job;
  }

  stopAll(): void {
    this.stopped = true;
    for (const job of [...this.jobs]) job.stop();
  }
}
