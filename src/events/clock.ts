/** Time as a port, so tests never sleep and pure cores take `now` as data. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
