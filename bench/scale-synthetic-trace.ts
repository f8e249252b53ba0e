// A week of per-minute total load (percent of one instance): a diurnal curve, quieter weekends,
// noise, and a few sharp spikes a day. Seeded, so every run compares the same week.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticTrace(options: { days: number; peak: number; seed: number }): Float64Array {
  const random = mulberry32(options.seed);
  const minutes = options.days * 1440;
  const trace = new Float64Array(minutes);
  let noise = 0;
  const spikes: Array<{ start: number; length: number; size: number }> = [];
  for (let m = 0; m < minutes; m += 1) if (random() < 3 / 1440) spikes.push({ start: m, length: 5 + Math.floor(random() * 40), size: 0.3 + random() * 0.9 });
  for (let m = 0; m < minutes; m += 1) {
    const hour = (m / 60) % 24;
    const day = Math.floor(m / 1440) % 7;
    const diurnal = 0.35 + 0.65 * Math.pow(0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24), 1.5);
    const weekly = day >= 5 ? 0.75 : 1;
    noise = 0.9 * noise + 0.1 * (random() - 0.5) * 0.4;
    let spike = 0;
    for (const s of spikes) {
      if (m < s.start || m > s.start + s.length + 30) continue;
      const into = m - s.start;
      // Two minutes up, a plateau, then a half-life of five minutes down.
      spike += s.size * (into < 2 ? (into + 1) / 3 : into <= s.length ? 1 : Math.pow(0.5, (into - s.length) / 5));
    }
    trace[m] = Math.max(0, options.peak * diurnal * weekly * (1 + noise) * (1 + spike));
  }
  return trace;
}
