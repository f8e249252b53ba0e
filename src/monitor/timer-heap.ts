/**
 * Due times for every monitor in one binary heap, so the whole fleet needs one timer: the loop
 * sleeps until the earliest due time. Rescheduling leaves the old entry behind; it is skipped
 * when popped (lazy deletion keeps every operation O(log n)).
 */
export class TimerHeap {
  private heap: Array<{ at: number; name: string; generation: number }> = [];
  private readonly current = new Map<string, { at: number; generation: number }>();
  private generation = 0;

  schedule(name: string, at: number): void {
    this.generation += 1;
    this.current.set(name, { at, generation: this.generation });
    this.push({ at, name, generation: this.generation });
  }

  cancel(name: string): void {
    this.current.delete(name);
  }

  dueAt(name: string): number | undefined {
    return this.current.get(name)?.at;
  }

  get size(): number {
    return this.current.size;
  }

  /** The earliest live due time, or undefined when nothing is scheduled. */
  peek(): number | undefined {
    this.dropStale();
    return this.heap[0]?.at;
  }

  /** Removes and returns every name due at or before `now`, earliest first. */
  popDue(now: number): Array<{ name: string; at: number }> {
    const due: Array<{ name: string; at: number }> = [];
    for (;;) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.at > now) return due;
      this.pop();
      this.current.delete(top.name);
      due.push({ name: top.name, at: top.at });
    }
  }

  private dropStale(): void {
    while (this.heap.length > 0) {
      const top = this.heap[0];
      if (this.current.get(top.name)?.generation === top.generation) return;
      this.pop();
    }
  }

  private push(entry: { at: number; name: string; generation: number }): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent].at <= entry.at) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = entry;
    if (heap.length > 64 && heap.length > 4 * this.current.size) this.rebuild();
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right].at < heap[left].at ? right : left;
      if (heap[child].at >= last.at) break;
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = last;
  }

  private rebuild(): void {
    const live = [...this.current.entries()].map(([name, entry]) => ({ name, ...entry }));
    this.heap = [];
    for (const entry of live.sort((a, b) => a.at - b.at)) this.heap.push(entry);
  }
}
