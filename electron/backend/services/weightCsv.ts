// Node-side weighting from CSV/JSON files in the reference formats: read, weight (shared/weighting), write atomically.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CSV_RECORD_DELIMITERS } from './frameReader';
import { DomainError } from '../../../shared/domain/errors';
import { buildReferenceRun, computeWeights, parseReferenceSpec, referenceSummary, type CsvTable } from '../../../shared/weighting';

/** Paths of the input files of {@link weightCsv}. */
export interface WeightCsvInput {
  /** sample.csv: one row per respondent; an empty field is a missing value. */
  samplePath: string;
  /** targets.csv: variable,category_code,population_count. */
  targetsPath: string;
  /** spec.json: method, variables, base weight column, outcomes, options. */
  specPath: string;
  /** cells.csv for post-stratification (cell,<var1>,<var2>,population_count); default: spec.files.cells next to the spec, if present. */
  cellsPath?: string;
}

/** Output of {@link weightCsv}. */
export interface WeightCsvOutput {
  /** Case ids in sample row order. */
  ids: (number | string)[];
  /** Final weights in sample row order. */
  weights: Float64Array;
  /** Summary in the layout of the reference expected_summary.json (JSON-safe). */
  summary: Record<string, unknown>;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DomainError('NOT_FOUND', `No such file: ${path}`, [{ message: 'file not found', file: path }]);
    throw new DomainError('IO_ERROR', `Cannot read ${path}: ${(e as Error).message}`, [{ message: 'cannot read', file: path }]);
  }
}

/**
 * Reads a CSV file (comma separated, header row, optional BOM, RFC 4180 quoting) into a table of strings.
 *
 * @param path file path
 * @returns header and rows; row r of `rows` is line r + 2 of the file
 * @throws DomainError 'WEIGHTING_INPUT' naming file, row and column for malformed CSV (unclosed quote, wrong
 *   number of fields, empty file); 'NOT_FOUND' / 'IO_ERROR' when the file cannot be read
 */
export function readCsvTable(path: string): CsvTable {
  const text = readText(path);
  const file = basename(path);
  let records: string[][];
  try {
    records = parse(text, { bom: true, record_delimiter: CSV_RECORD_DELIMITERS, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number; column?: number | string };
    const where = [err.lines !== undefined ? `row ${err.lines}` : '', err.column !== undefined ? `column ${String(err.column)}` : ''].filter(Boolean).join(', ');
    throw new DomainError('WEIGHTING_INPUT', `${file}${where ? `, ${where}` : ''}: malformed CSV (${err.message})`,
      [{ message: err.message, file, ...(err.lines !== undefined ? { row: err.lines } : {}) }]);
  }
  const [header, ...rows] = records;
  if (!header || header.length === 0) throw new DomainError('WEIGHTING_INPUT', `${file}: the file is empty (no header row).`, [{ message: 'empty file', file }]);
  const h = header.map((x) => x.trim());
  const dup = h.find((x, k) => h.indexOf(x) !== k);
  if (dup !== undefined) throw new DomainError('WEIGHTING_INPUT', `${file}, row 1: column "${dup}" appears twice.`, [{ message: 'duplicate column', file, row: 1, column: dup }]);
  rows.forEach((r, k) => {
    if (r.length !== h.length) {
      throw new DomainError('WEIGHTING_INPUT', `${file}, row ${k + 2}: ${r.length} fields where the header has ${h.length} (${h.join(', ')}).`,
        [{ message: 'wrong number of fields', file, row: k + 2, ...(r.length > h.length ? {} : { column: h[r.length]! }) }]);
    }
  });
  return { file, header: h, rows };
}

/**
 * Weights a sample given as files in the reference formats (../shared/reference/weighting/README.md):
 * validates everything first (shared/weighting prepareWeighting), computes the weights (post-stratification,
 * raking to spec.options.tolerance, linear calibration; trimming per spec.options.trim) and the summary
 * (weight statistics, Kish deff, effective n, achieved margins, estimates of spec.outcomes with fixed-weight
 * and calibration-aware SEs and Wald 95 % CIs).
 *
 * @param input paths of sample.csv, targets.csv, spec.json and optionally cells.csv
 * @returns ids, weights (row order of the sample) and the summary
 * @throws DomainError 'WEIGHTING_INPUT' (bad file content: names file, row and column; invalid weighting input:
 *   names variable, category and counts), 'NOT_CONVERGED', 'NOT_FOUND' / 'IO_ERROR'
 */
export function weightCsv(input: WeightCsvInput): WeightCsvOutput {
  const specText = readText(input.specPath);
  let json: unknown;
  try {
    json = JSON.parse(specText);
  } catch (e) {
    throw new DomainError('WEIGHTING_INPUT', `${basename(input.specPath)}: not valid JSON (${(e as Error).message}).`, [{ message: 'invalid JSON', file: basename(input.specPath) }]);
  }
  const spec = parseReferenceSpec(json, basename(input.specPath));
  let cellsPath = input.cellsPath;
  if (!cellsPath && spec.method === 'poststratify') {
    const files = (json as { files?: { cells?: unknown } }).files;
    if (typeof files?.cells === 'string') cellsPath = resolve(dirname(input.specPath), files.cells);
  }
  const run = buildReferenceRun(spec, readCsvTable(input.samplePath), readCsvTable(input.targetsPath),
    spec.method === 'poststratify' && cellsPath ? readCsvTable(cellsPath) : undefined);
  const result = computeWeights(run.sample, run.weighting);
  return { ids: run.ids, weights: result.weights, summary: referenceSummary(run, result) };
}

/** CSV text `id,weight` with shortest round-trip number formatting (exact doubles). */
export function weightsCsvText(ids: readonly (number | string)[], weights: Float64Array): string {
  const lines = ['id,weight'];
  for (let i = 0; i < weights.length; i++) {
    const id = String(ids[i]);
    lines.push(`${/[",\n\r]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id},${String(weights[i])}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes files atomically as a group: each to a temporary file in the same folder, then renamed over the
 * target only when every temporary file was written; on failure the temporaries are removed and no target
 * is touched (a crash between renames can leave an earlier file renamed).
 *
 * @param files target path → content
 * @throws DomainError 'IO_ERROR' when a file cannot be written
 */
export function writeFilesAtomically(files: Record<string, string>): void {
  const temps: [string, string][] = [];
  try {
    for (const [target, content] of Object.entries(files)) {
      const tmp = join(dirname(resolve(target)), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
      temps.push([tmp, target]);
      writeFileSync(tmp, content);
    }
    for (const [tmp, target] of temps) renameSync(tmp, target);
  } catch (e) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw new DomainError('IO_ERROR', `Cannot write output: ${(e as Error).message}`);
  }
}
