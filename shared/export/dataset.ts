// The columnar export dataset: one typed array per data column, built once from the stored responses.
import { dataColumns, findList, placedVariables, type Choice, type Questionnaire, type Variable } from '../domain/questionnaire';
import { isoDateToDay, parseNumber } from './cells';

/** Values stored compactly: small non-negative codes in bytes, other integers in 32 bits, the rest in doubles. */
export type NumberStore = Uint8Array | Int32Array | Float64Array;

/** Sentinel meaning "no value" in each store: 255, -2^31 and NaN. */
export function emptyOf(store: NumberStore): number {
  return store instanceof Uint8Array ? 255 : store instanceof Int32Array ? -2_147_483_648 : Number.NaN;
}

/** What a column holds, which decides its cell type. */
export type ColumnRole = 'code' | 'number' | 'text' | 'date' | 'weight';

/** A numeric column (codes, numbers, 0/1 option columns, weights); values that are not numbers are kept as text in `raw`. */
export interface NumberColumn {
  kind: 'number';
  name: string;
  role: 'code' | 'number' | 'weight';
  variable?: Variable;
  /** For a multiple-choice option column (`kanaal_3`): the option. */
  option?: Choice;
  values: NumberStore;
  /** Row → stored text that is not a number (shown as text, never lost). */
  raw: Map<number, string>;
}

/** A text column (open answers, identifiers). */
export interface TextColumn {
  kind: 'text';
  name: string;
  role: 'text';
  variable?: Variable;
  values: (string | undefined)[];
}

/** A date column: day numbers since 1970-01-01 (Int32, -2^31 = empty); stored texts that are not dates kept in `raw`. */
export interface DateColumn {
  kind: 'date';
  name: string;
  role: 'date';
  variable?: Variable;
  values: Int32Array;
  raw: Map<number, string>;
}

/** One data column. */
export type DataColumn = NumberColumn | TextColumn | DateColumn;

/** One excluded case, for the Exclusions sheet. */
export interface ExcludedCase {
  caseId: string;
  batch: string | null;
  reason: string | null;
  at: string | null;
}

/** The export dataset: case IDs (text, leading zeros kept), data columns in paper order, and the exclusions. */
export interface Dataset {
  caseIds: string[];
  columns: DataColumn[];
  /** Name of the weight column, when one was chosen. */
  weight?: string;
  excluded: ExcludedCase[];
}

/** Grows a numeric store as values arrive, widening from bytes to Int32 to Float64 only when needed. */
class NumberBuilder {
  store: NumberStore;
  readonly raw = new Map<number, string>();
  constructor(rows: number) {
    this.store = new Uint8Array(rows).fill(255);
  }
  clear(row: number): void {
    this.raw.delete(row);
    this.store[row] = emptyOf(this.store);
  }
  set(row: number, text: string): void {
    this.clear(row);
    if (text.trim() === '') return;
    const n = parseNumber(text);
    if (n === null) {
      this.raw.set(row, text);
      return;
    }
    if (this.store instanceof Uint8Array && !(Number.isInteger(n) && n >= 0 && n < 255)) this.widen(Number.isInteger(n) && Math.abs(n) < 2_147_483_647 ? 'int' : 'float');
    else if (this.store instanceof Int32Array && !(Number.isInteger(n) && Math.abs(n) < 2_147_483_647)) this.widen('float');
    this.store[row] = n;
  }
  private widen(to: 'int' | 'float'): void {
    const from = this.store;
    const empty = emptyOf(from);
    const next = to === 'int' ? new Int32Array(from.length).fill(-2_147_483_648) : new Float64Array(from.length).fill(Number.NaN);
    for (let i = 0; i < from.length; i++) {
      const v = from[i]!;
      if (v !== empty && !Number.isNaN(v)) next[i] = v;
    }
    this.store = next;
  }
}

/** How one stored variable feeds the columns. */
type Feed =
  | { kind: 'number'; b: NumberBuilder }
  | { kind: 'text'; values: (string | undefined)[] }
  | { kind: 'date'; values: Int32Array; raw: Map<number, string> }
  | { kind: 'multiple'; options: { code: string; b: NumberBuilder }[] }
  | { kind: 'option'; b: NumberBuilder };

/** Options of {@link DatasetBuilder}. */
export interface DatasetBuilderOptions {
  /** Keep variables marked `identifier` (default false: they are left out). */
  includeIdentifiers?: boolean;
  /** Name of the weight: a questionnaire variable, or a stored variable outside the questionnaire (added last). */
  weight?: string;
  /** Keep only these variables' columns (questionnaire names; a multiple-choice name keeps all its option columns). */
  only?: ReadonlySet<string>;
}

/**
 * Builds a {@link Dataset} from final values (pass 3 if present, else pass 1), fed one value at a time in any order.
 * Column types follow the questionnaire: single/integer/decimal/calculated → numbers (text kept when not a number),
 * multiple → one 0/1 column per option (stored as space-separated codes `"1 3"`, or as `name_code` 0/1 values),
 * text → text, date → day numbers. Variables marked as identifiers are dropped unless asked for. Notes have no column.
 */
export class DatasetBuilder {
  private readonly feeds = new Map<string, Feed>();
  private readonly order: { name: string; variable?: Variable; option?: Choice; build: () => DataColumn }[] = [];
  readonly weight: string | undefined;

  /**
   * @param q the questionnaire the columns follow
   * @param caseIds the case IDs in export order (row i = caseIds[i])
   * @param opts identifiers and weight
   */
  constructor(
    q: Questionnaire,
    private readonly caseIds: string[],
    opts: DatasetBuilderOptions = {},
  ) {
    const rows = caseIds.length;
    this.weight = opts.weight;
    for (const { variable: v } of placedVariables(q)) {
      if (v.identifier && !opts.includeIdentifiers) continue;
      if (opts.only && !opts.only.has(v.name)) continue;
      const cols = dataColumns(q, v);
      if (cols.length === 0) continue;
      switch (v.type) {
        case 'multiple': {
          const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
          const options = (list?.choices ?? []).map((c) => ({ code: c.code, choice: c, b: new NumberBuilder(rows) }));
          this.feeds.set(v.name, { kind: 'multiple', options: options.map((o) => ({ code: o.code, b: o.b })) });
          for (const o of options) {
            const name = `${v.name}_${o.code}`;
            this.feeds.set(name, { kind: 'option', b: o.b });
            this.order.push({ name, variable: v, option: o.choice, build: () => ({ kind: 'number', name, role: 'code', variable: v, option: o.choice, values: o.b.store, raw: o.b.raw }) });
          }
          break;
        }
        case 'text': {
          const values: (string | undefined)[] = new Array<string | undefined>(rows);
          this.feeds.set(v.name, { kind: 'text', values });
          this.order.push({ name: v.name, variable: v, build: () => ({ kind: 'text', name: v.name, role: 'text', variable: v, values }) });
          break;
        }
        case 'date': {
          const values = new Int32Array(rows).fill(-2_147_483_648);
          const raw = new Map<number, string>();
          this.feeds.set(v.name, { kind: 'date', values, raw });
          this.order.push({ name: v.name, variable: v, build: () => ({ kind: 'date', name: v.name, role: 'date', variable: v, values, raw }) });
          break;
        }
        case 'single':
        case 'integer':
        case 'decimal':
        case 'calculated': {
          const b = new NumberBuilder(rows);
          this.feeds.set(v.name, { kind: 'number', b });
          // A calculated variable with a choice list (a derived variable with value labels) is coded, like a single choice.
          const role = v.name === opts.weight ? 'weight' : v.type === 'single' || (v.type === 'calculated' && v.listName !== undefined) ? 'code' : 'number';
          this.order.push({ name: v.name, variable: v, build: () => ({ kind: 'number', name: v.name, role, variable: v, values: b.store, raw: b.raw }) });
          break;
        }
        case 'note':
          break;
        default: {
          const never: never = v.type;
          throw new Error(`Unexpected variable type: ${String(never)}`);
        }
      }
    }
    if (opts.weight !== undefined && !this.feeds.has(opts.weight)) {
      const b = new NumberBuilder(rows);
      const name = opts.weight;
      this.feeds.set(name, { kind: 'number', b });
      this.order.push({ name, build: () => ({ kind: 'number', name, role: 'weight', values: b.store, raw: b.raw }) });
    }
  }

  /** True if a stored variable of this name feeds a column (callers may skip others early). */
  wants(variable: string): boolean {
    return this.feeds.has(variable);
  }

  /**
   * Records the final value of one variable of one case, replacing what was recorded before (so feeding pass 1
   * then pass 3 leaves the adjudicated value; an empty text clears it). Unknown variables and null are ignored.
   * @param row the case's row (index into the case IDs)
   * @param variable the stored variable name (a questionnaire name, or `name_code` for an option column)
   * @param value the stored text
   */
  set(row: number, variable: string, value: string | null): void {
    if (value === null) return;
    const f = this.feeds.get(variable);
    if (!f) return;
    switch (f.kind) {
      case 'number':
      case 'option':
        f.b.set(row, value);
        break;
      case 'text':
        f.values[row] = value === '' ? undefined : value;
        break;
      case 'date': {
        f.raw.delete(row);
        f.values[row] = -2_147_483_648;
        if (value.trim() === '') break;
        const d = isoDateToDay(value);
        if (d === null) f.raw.set(row, value);
        else f.values[row] = d;
        break;
      }
      case 'multiple': {
        if (value.trim() === '') {
          for (const o of f.options) o.b.clear(row);
          break;
        }
        const chosen = new Set(value.split(/[\s,;]+/).filter((x) => x !== ''));
        for (const o of f.options) o.b.set(row, chosen.has(o.code) ? '1' : '0');
        break;
      }
      default: {
        const never: never = f;
        throw new Error(`Unexpected feed: ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * The finished dataset.
   * @param excluded the excluded cases (for the Exclusions sheet)
   */
  build(excluded: ExcludedCase[] = []): Dataset {
    const columns = this.order.map((o) => o.build());
    return { caseIds: this.caseIds, columns, ...(this.weight !== undefined ? { weight: this.weight } : {}), excluded };
  }
}

/**
 * The value of a numeric column at a row as a number, or NaN when empty or not a number.
 * @param c the column; @param row the row
 */
export function numberAt(c: NumberColumn, row: number): number {
  const v = c.values[row]!;
  return v === emptyOf(c.values) ? Number.NaN : v;
}

/** Rows of a dataset read in one piece: `ds` holds rows `start` … `start + ds.caseIds.length - 1` of the whole. */
export interface DatasetChunk {
  start: number;
  ds: Dataset;
}

/**
 * A dataset read in chunks of consecutive rows (export order), so sheets that go through every case (Data, Labels,
 * Frequencies, CSV) hold one chunk at a time and memory does not grow with the number of cases.
 * Reading is meant to go forward; going back to an earlier row starts reading from the beginning again.
 */
export interface DatasetSource {
  readonly kind: 'source';
  /** The data columns (names, roles, variables; their value stores are not the data). */
  readonly columns: readonly DataColumn[];
  /** Name of the weight column, when one was chosen. */
  readonly weight?: string;
  /** Number of cases (rows). */
  readonly rowCount: number;
  readonly excluded: readonly ExcludedCase[];
  /**
   * The chunk holding row `row` (0 ≤ row < rowCount).
   * @throws DomainError when the rows can no longer be read as they were counted (e.g. the project changed)
   */
  chunkAt(row: number): DatasetChunk;
}

/** A dataset in memory or read in chunks: what the layout functions accept. */
export type AnyDataset = Dataset | DatasetSource;

/** True for a {@link DatasetSource}. */
export function isSource(ds: AnyDataset): ds is DatasetSource {
  return (ds as DatasetSource).kind === 'source';
}

/** Number of cases of a dataset in memory or read in chunks. */
export function rowCountOf(ds: AnyDataset): number {
  return isSource(ds) ? ds.rowCount : ds.caseIds.length;
}

/** A dataset in memory seen as a source of one chunk. */
export function asSource(ds: AnyDataset): DatasetSource {
  if (isSource(ds)) return ds;
  return { kind: 'source', columns: ds.columns, ...(ds.weight !== undefined ? { weight: ds.weight } : {}), rowCount: ds.caseIds.length, excluded: ds.excluded, chunkAt: () => ({ start: 0, ds }) };
}

/**
 * Calls `fn` for every chunk of a dataset, in row order (a dataset in memory is one chunk).
 * @param ds the dataset; @param fn gets each chunk's rows and the row number of its first row
 */
export function forEachChunk(ds: AnyDataset, fn: (chunk: Dataset, start: number) => void): void {
  if (!isSource(ds)) {
    fn(ds, 0);
    return;
  }
  for (let row = 0; row < ds.rowCount; ) {
    const c = ds.chunkAt(row);
    const n = c.ds.caseIds.length;
    if (c.start !== row || n === 0) throw new Error(`Dataset source returned rows from ${c.start} (${n}) for row ${row}`);
    fn(c.ds, row);
    row += n;
  }
}
