// Test helper: fast-check parameters for the fuzz tests — bounded and reproducible in `npm test`, wider on demand.
import type { Parameters } from 'fast-check';

/**
 * Run parameters for one fuzz property. By default a fixed seed (the suite is reproducible and its time bounded);
 * `VELDWERK_FUZZ_SEED=<n>` replays a reported seed, `VELDWERK_FUZZ_SEED=random` explores new inputs, and
 * `VELDWERK_FUZZ_SCALE=<k>` multiplies the number of runs (e.g. 20 for a long local session).
 * @param numRuns runs in `npm test`
 * @param seed the default seed of this property
 */
export function fuzzRuns<T = unknown>(numRuns: number, seed = 20140): Parameters<T> {
  const scale = Number(process.env.VELDWERK_FUZZ_SCALE ?? '1');
  const runs = Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
  const env = process.env.VELDWERK_FUZZ_SEED;
  if (env === 'random') return { numRuns: runs };
  const fixed = env !== undefined && env !== '' && Number.isInteger(Number(env)) ? Number(env) : seed;
  return { numRuns: runs, seed: fixed };
}
