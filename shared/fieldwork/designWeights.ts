// Design (base) weights from the sample frame: 1/π per case, or N_h / n_h per stratum from population counts.

/** Population counts per stratum: the stratum variables and one count per combination of their codes. */
export interface PopulationCounts {
  /** Stratum variables that define the cells, e.g. ["functie"] or ["laag", "geslacht"]. */
  strata: readonly string[];
  cells: readonly { values: Readonly<Record<string, string>>; count: number }[];
}

/** One stratum of a population-based design: its codes, population N_h, sample n_h and weight N_h / n_h. */
export interface StratumWeight {
  key: string;
  values: Record<string, string>;
  populationCount: number;
  sampleCount: number;
  /** N_h / n_h; null when the stratum has no sampled case. */
  weight: number | null;
}

/**
 * The key of a stratum: the codes of the stratum variables, in the order given, as a JSON array.
 * @param strata stratum variable names; @param values a case's codes (missing ones count as "")
 */
export function stratumKey(strata: readonly string[], values: Readonly<Record<string, string>>): string {
  return JSON.stringify(strata.map((s) => values[s] ?? ''));
}

/**
 * The design weight of a case drawn with selection (inclusion) probability π: d = 1 / π
 * (Horvitz & Thompson (1952); Kish (1965) §2.8).
 * @param probability π, 0 < π ≤ 1
 * @throws RangeError when π is outside (0, 1]
 */
export function weightFromProbability(probability: number): number {
  if (!(probability > 0 && probability <= 1)) throw new RangeError(`selection probability must be in (0, 1], got ${probability}`);
  return 1 / probability;
}

/**
 * Stratified simple random sampling weights d_h = N_h / n_h (Cochran (1977) §5.2; the base weight R's
 * survey::svydesign derives from `fpc` given as population sizes). Each case gets its stratum's weight.
 * @param cases the sampled cases' stratum codes
 * @param pop population counts per stratum (positive integers)
 * @returns per case its weight (null when its stratum has no population count), the strata table, and one
 *   problem per case index whose stratum is missing or per stratum whose N_h < n_h or N_h is not a positive integer
 */
export function populationWeights(
  cases: readonly { strata: Readonly<Record<string, string>> }[],
  pop: PopulationCounts,
): { weights: (number | null)[]; strata: StratumWeight[]; problems: { caseIndex: number | null; key: string; message: string }[] } {
  const problems: { caseIndex: number | null; key: string; message: string }[] = [];
  const table = new Map<string, StratumWeight>();
  for (const cell of pop.cells) {
    const key = stratumKey(pop.strata, cell.values);
    if (table.has(key)) {
      problems.push({ caseIndex: null, key, message: `The population counts name stratum ${describe(pop.strata, cell.values)} twice.` });
      continue;
    }
    if (!Number.isInteger(cell.count) || cell.count <= 0) {
      problems.push({ caseIndex: null, key, message: `The population count of stratum ${describe(pop.strata, cell.values)} must be a positive whole number, got ${cell.count}.` });
    }
    table.set(key, { key, values: Object.fromEntries(pop.strata.map((s) => [s, cell.values[s] ?? ''])), populationCount: cell.count, sampleCount: 0, weight: null });
  }
  const keys = cases.map((c) => stratumKey(pop.strata, c.strata));
  keys.forEach((k, i) => {
    const s = table.get(k);
    if (s) s.sampleCount++;
    else problems.push({ caseIndex: i, key: k, message: `No population count for stratum ${describe(pop.strata, cases[i]!.strata)}.` });
  });
  for (const s of table.values()) {
    if (s.sampleCount > 0) s.weight = s.populationCount / s.sampleCount;
    if (s.sampleCount > s.populationCount) {
      problems.push({ caseIndex: null, key: s.key, message: `Stratum ${describe(pop.strata, s.values)} has ${s.sampleCount} sampled cases but a population of only ${s.populationCount}.` });
    }
  }
  return { weights: keys.map((k) => table.get(k)?.weight ?? null), strata: [...table.values()], problems };
}

function describe(strata: readonly string[], values: Readonly<Record<string, string>>): string {
  return strata.map((s) => `${s}=${values[s] ?? ''}`).join(', ');
}
