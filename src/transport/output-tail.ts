/** Keeps the last `max` characters of a stream of chunks, so a chatty command cannot eat memory. */
export class OutputTail {
  private parts: string[] = [];
  private length = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  push(chunk: string): void {
    this.parts.push(chunk);
    this.length += chunk.length;
    if (this.length > this.max * 2) this.compact();
  }

  toString(): string {
    this.compact();
    return this.parts.join('');
  }

  private compact(): void {
    const joined = this.parts.join('');
    if (joined.length > this.max) {
      this.truncated = true;
      this.parts = [joined.slice(joined.length - this.max)];
    } else {
      this.parts = [joined];
    }
    this.length = this.parts[0].length;
  }
}

/** The last `lines` lines of an output, for thread messages. */
export function tailLines(output: string, lines = 20): string {
  const all = output.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}
