// Frequency tables of the export: per coded column the unweighted n, %, valid % and weighted valid % (with the count of
// the cases that have a weight), small cells flagged — on n, and on the weighted percent's own base.
import type { Dataset, NumberColumn } from './dataset';
import { emptyOf } from './dataset';
import { DEFAULT_MIN_N } from './tables';

/**
 * Is a count a small cell? A category with at least one but fewer than `minN` respondents: published as it is, it may
 * point at identifiable people, and its percentage is unstable. An empty category (n = 0) is not flagged.
 * Same default threshold as the Tables sheet ({@link DEFAULT_MIN_N} = 10).
 * @param n unweighted count of respondents
 * @param minN the threshold (a whole number ≥ 1)
 */
export function isSmallCell(n: number, minN: number = DEFAULT_MIN_N): boolean {
  return n > 0 && n < minN;
}

/** One row of a frequency table: a value (or the system-missing row), its counts and percentages. */
export interface FrequencyRow {
  /** The code, or null for the system-missing row (empty cells). */
  value: number | string | null;
  /** Unweighted count. */
  n: number;
  /** Percent of all cases (0–100). */
  percent: number;
  /** Percent of valid cases (not user- or system-missing), or null for missing rows. */
  validPercent: number | null;
  /** Weighted percent of valid cases, or null (missing rows, or no weight). */
  weightedValidPercent: number | null;
  /** Unweighted count of the cases with a weight (the respondents behind the weighted percent), or null without a weight. */
  nWeighted: number | null;
  /** True for a user-missing code. */
  userMissing: boolean;
  /** True when 0 < n < the table's minN ({@link isSmallCell}). */
  smallCell: boolean;
  /**
   * True when the row has a weighted valid percent and it rests on 0 < n with weight < minN cases ({@link isSmallCell}
   * of {@link nWeighted}): a scheme for one group can leave a category with many cases but few weighted ones.
   */
  smallWeighted: boolean;
}

/** A frequency table of one column. */
export interface FrequencyTable {
  column: string;
  rows: FrequencyRow[];
  total: number;
  valid: number;
  /** Sum of weights of the valid cases (null without a weight). */
  weightedValid: number | null;
  /** Cases with a weight (not empty, finite), all values; null without a weight. A scheme for one group weights only it. */
  weightedCases: number | null;
  /** Cases with a weight and a valid value: the unweighted base of the weighted valid percent (null without a weight). */
  weightedValidCases: number | null;
  /** The small-cell threshold the rows were flagged with. */
  minN: number;
}

/**
 * Counts of one numeric column gathered chunk by chunk ({@link FrequencyCounter.add}), turned into a table at the end
 * ({@link FrequencyCounter.table}); the result equals {@link frequencyTable} over the whole dataset.
 */
export class FrequencyCounter {
  private readonly counts = new Map<string, { value: number | string; n: number; w: number; nw: number }>();
  private rows = 0;
  private sysmis = 0;
  /** Cases with a weight (any value), and those of them with no value (system-missing). */
  private withWeight = 0;
  private sysmisWeighted = 0;
  /**
   * @param column the name of the column to count (looked up in each chunk)
   * @param weighted whether the dataset has a weight column (also set by a chunk that has one)
   */
  constructor(
    readonly column: string,
    private weighted = false,
  ) {}

  /**
   * Adds the rows of one chunk.
   * @param ds the chunk (its weight column, when the dataset has a weight, gives the weights)
   * @param col the column in that chunk (default: the chunk's column named {@link column})
   */
  add(ds: Dataset, col?: NumberColumn): void {
    const c = col ?? ds.columns.find((x): x is NumberColumn => x.kind === 'number' && x.name === this.column);
    if (!c) throw new Error(`Frequencies: no numeric column ${this.column}`);
    const weight = ds.weight !== undefined ? ds.columns.find((x): x is NumberColumn => x.kind === 'number' && x.name === ds.weight) : undefined;
    if (weight) this.weighted = true;
    const wEmpty = weight ? emptyOf(weight.values) : 0;
    const counts = this.counts;
    const empty = emptyOf(c.values);
    const rows = ds.caseIds.length;
    this.rows += rows;
    for (let i = 0; i < rows; i++) {
      const raw = c.raw.get(i);
      const v = c.values[i]!;
      // A case without a weight (empty: outside the population of a scheme for one group) counts unweighted only.
      let w = 0;
      let has = 0;
      if (weight) {
        const x = weight.values[i]!;
        has = x === wEmpty || !Number.isFinite(x) ? 0 : 1;
        w = has ? x : 0;
        this.withWeight += has;
      }
      let key: string;
      let value: number | string;
      if (raw !== undefined) {
        key = raw;
        value = raw;
      } else if (v === empty || Number.isNaN(v)) {
        this.sysmis++;
        this.sysmisWeighted += has;
        continue;
      } else {
        key = String(v);
        value = v;
      }
      const e = counts.get(key);
      if (e) {
        e.n++;
        e.w += w;
        e.nw += has;
      } else counts.set(key, { value, n: 1, w, nw: has });
    }
  }

  /**
   * The table of the rows added so far (see {@link frequencyTable} for the definitions).
   * @param userMissing codes that are user-missing; @param order codes to list first; @param minN small-cell threshold
   */
  table(userMissing: ReadonlySet<string>, order: readonly string[], minN: number = DEFAULT_MIN_N): FrequencyTable {
    return finishTable(this.column, this.counts, this.rows, this.sysmis, this.weighted ? { cases: this.withWeight, sysmis: this.sysmisWeighted } : null, userMissing, order, minN);
  }
}

/**
 * Counts one numeric column. Valid values are those that are not empty, not a user-missing code and (with a
 * weight) have a finite positive-or-zero weight for the weighted share; cases whose weight is empty count
 * unweighted only. Percentages follow SPSS FREQUENCIES (Percent = n/N, Valid Percent = n/N valid).
 * @param ds the dataset (for the weight column)
 * @param col the column to count
 * @param userMissing codes that are user-missing for this column
 * @param order codes to list first, in this order (e.g. the value labels), even when their count is 0
 * @param minN small-cell threshold: rows with 0 < n < minN get `smallCell` (default {@link DEFAULT_MIN_N})
 * @returns the table: listed codes, then other observed values ascending, then text values, then the system-missing row
 */
export function frequencyTable(ds: Dataset, col: NumberColumn, userMissing: ReadonlySet<string>, order: readonly string[], minN: number = DEFAULT_MIN_N): FrequencyTable {
  const counter = new FrequencyCounter(col.name);
  counter.add(ds, col);
  return counter.table(userMissing, order, minN);
}

function finishTable(
  column: string,
  counts: ReadonlyMap<string, { value: number | string; n: number; w: number; nw: number }>,
  rows: number,
  sysmis: number,
  /** Without a weight null; else the cases with a weight and those of them without a value. */
  weighted: { cases: number; sysmis: number } | null,
  userMissing: ReadonlySet<string>,
  order: readonly string[],
  minN: number,
): FrequencyTable {
  const keys: string[] = [];
  for (const c of order) keys.push(c);
  const rest = [...counts.keys()].filter((k) => !order.includes(k));
  rest.sort((a, b) => {
    const x = counts.get(a)!.value;
    const y = counts.get(b)!.value;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  keys.push(...rest);
  const weight = weighted !== null;
  let valid = 0;
  let wValid = 0;
  let nwValid = 0;
  for (const k of keys) {
    const e = counts.get(k);
    if (e && !userMissing.has(k)) {
      valid += e.n;
      wValid += e.w;
      nwValid += e.nw;
    }
  }
  const out: FrequencyRow[] = keys.map((k) => {
    const e = counts.get(k);
    const n = e?.n ?? 0;
    const miss = userMissing.has(k);
    const num = Number(k);
    const value: number | string = e?.value ?? (k.trim() !== '' && Number.isFinite(num) ? num : k);
    const weightedPercent = miss || !weight ? null : wValid > 0 ? (100 * (e?.w ?? 0)) / wValid : null;
    return {
      value,
      n,
      percent: rows > 0 ? (100 * n) / rows : 0,
      validPercent: miss ? null : valid > 0 ? (100 * n) / valid : null,
      weightedValidPercent: weightedPercent,
      nWeighted: weight ? (e?.nw ?? 0) : null,
      userMissing: miss,
      smallCell: isSmallCell(n, minN),
      smallWeighted: weightedPercent !== null && isSmallCell(e?.nw ?? 0, minN),
    };
  });
  out.push({ value: null, n: sysmis, percent: rows > 0 ? (100 * sysmis) / rows : 0, validPercent: null, weightedValidPercent: null, nWeighted: weighted ? weighted.sysmis : null, userMissing: false, smallCell: isSmallCell(sysmis, minN), smallWeighted: false });
  return { column, rows: out, total: rows, valid, weightedValid: weight ? wValid : null, weightedCases: weighted ? weighted.cases : null, weightedValidCases: weight ? nwValid : null, minN };
}
