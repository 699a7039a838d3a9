// Seeded pseudo-random numbers for the example generator (sfc32 seeded by splitmix32): same seed, same stream.

/** A deterministic random stream. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** One of `values`, drawn with the relative `weights` (same length, not all zero). */
  pick<T>(values: readonly T[], weights: readonly number[]): T;
  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(a: T[]): T[];
  /** An independent stream derived from this one and a label (so adding draws in one part leaves others unchanged). */
  fork(label: string): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619) >>> 0;
  return h >>> 0;
}

/**
 * Creates a seeded random stream (sfc32, 128-bit state from splitmix32). Pure and portable: the same seed gives
 * the same numbers on every platform.
 * @param seed any integer (taken modulo 2^32)
 * @returns the stream
 */
export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init(), b = init(), c = init(), d = init();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  const rng: Rng = {
    next: () => u32() / 4294967296,
    int: (lo, hi) => lo + Math.floor((u32() / 4294967296) * (hi - lo + 1)),
    chance: (p) => u32() / 4294967296 < p,
    pick<T>(values: readonly T[], weights: readonly number[]): T {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = rng.next() * total;
      for (let i = 0; i < values.length; i++) {
        r -= weights[i] ?? 0;
        if (r < 0) return values[i] as T;
      }
      return values[values.length - 1] as T;
    },
    shuffle<T>(arr: T[]): T[] {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        const t = arr[i] as T;
        arr[i] = arr[j] as T;
        arr[j] = t;
      }
      return arr;
    },
    fork: (label) => createRng((u32() ^ hashLabel(label)) >>> 0),
  };
  return rng;
}
