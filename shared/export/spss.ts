// SPSS syntax (.sps) that reads the exported CSV: GET DATA, formats, variable and value labels, missing values, levels.
import { userMissingCodes, valueLabels, textIn, type Questionnaire } from '../domain/questionnaire';
import { parseNumber } from './cells';
import { csvProfile, type CsvLocale } from './csv';
import { emptyOf, forEachChunk, type AnyDataset, type DataColumn } from './dataset';
import { columnLabel, labelMap } from './layout';

/** Options of {@link spssSyntax}. */
export interface SpssOptions {
  /** Path of the CSV as SPSS should open it (absolute, or relative to SPSS's working folder). */
  csvPath: string;
  locale: CsvLocale;
  /** First comment line (project, time). */
  title: string;
}

/** SPSS limits: variable labels 256 bytes, value labels 120 bytes (IBM SPSS Statistics, "Variable labels", "Value labels"). */
const MAX_VAR_LABEL_BYTES = 255;
const MAX_VALUE_LABEL_BYTES = 120;
const MAX_STRING_WIDTH = 32_767;

/**
 * A quoted SPSS string literal: `'` doubled, line breaks and control characters turned into spaces, cut to at most
 * `maxBytes` UTF-8 bytes on a character boundary.
 */
export function spssString(s: string, maxBytes = Number.POSITIVE_INFINITY): string {
  // eslint-disable-next-line no-control-regex -- control characters become spaces
  let t = s.replace(/[\u0000-\u001F\u007F]+/g, ' ');
  if (utf8Length(t) > maxBytes) {
    let out = '';
    let bytes = 0;
    for (const ch of t) {
      const b = utf8Length(ch);
      if (bytes + b > maxBytes) break;
      out += ch;
      bytes += b;
    }
    t = out;
  }
  return `'${t.replace(/'/g, "''")}'`;
}

/** Number of UTF-8 bytes of a string. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

interface SpssVar {
  name: string;
  input: string;
  print: string;
  level: 'NOMINAL' | 'ORDINAL' | 'SCALE';
  label: string;
  values: [number, string][];
  missing: number[];
}

function decimalsOf(c: DataColumn & { kind: 'number' }, from = 0): number {
  if (!(c.values instanceof Float64Array)) return from;
  let d = from;
  for (let i = 0; i < c.values.length && d < 16; i++) {
    const v = c.values[i]!;
    if (!Number.isFinite(v) || Number.isInteger(v)) continue;
    const s = String(v);
    const e = s.indexOf('e');
    const frac = e >= 0 ? 16 : s.length - s.indexOf('.') - 1;
    d = Math.max(d, frac);
  }
  return Math.min(d, 16);
}

function integerDigits(c: DataColumn & { kind: 'number' }, from = 1): number {
  const empty = emptyOf(c.values);
  let w = from;
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i]!;
    if (v === empty || !Number.isFinite(v)) continue;
    w = Math.max(w, String(Math.trunc(Math.abs(v))).length + (v < 0 ? 1 : 0));
  }
  return w;
}

/** What the formats need from the values of a column, gathered chunk by chunk: text width, decimals, integer digits. */
interface ColumnStats {
  width: number;
  decimals: number;
  digits: number;
}

function gather(c: DataColumn, st: ColumnStats): void {
  if (c.kind === 'text') {
    for (const s of c.values) if (s !== undefined) st.width = Math.max(st.width, utf8Length(s.replace(/[\r\n]+/g, ' ')));
  } else if (c.kind === 'number') {
    st.decimals = decimalsOf(c, st.decimals);
    st.digits = integerDigits(c, st.digits);
  }
}

function describe(q: Questionnaire, c: DataColumn, st: ColumnStats): SpssVar {
  const label = columnLabel(q, c);
  switch (c.kind) {
    case 'text': {
      const w = Math.min(st.width, MAX_STRING_WIDTH);
      return { name: c.name, input: `A${w}`, print: `A${w}`, level: 'NOMINAL', label, values: [], missing: [] };
    }
    case 'date':
      return { name: c.name, input: 'SDATE10', print: 'SDATE10', level: 'SCALE', label, values: [], missing: [] };
    case 'number': {
      const v = c.variable;
      const values: [number, string][] = [];
      const missing: number[] = [];
      for (const [code, l] of labelMap(q, c)) {
        const n = parseNumber(code);
        if (n !== null) values.push([n, l]);
      }
      values.sort((a, b) => a[0] - b[0]);
      if (v && !c.option) {
        for (const m of userMissingCodes(q, v)) {
          const n = parseNumber(m.code);
          if (n !== null) missing.push(n);
        }
        for (const l of valueLabels(q, v)) {
          const n = parseNumber(l.code);
          if (n !== null && !values.some((x) => x[0] === n)) values.push([n, textIn(l.label, q.defaultLanguage)]);
        }
      }
      const dec = c.role === 'weight' ? Math.max(6, Math.min(st.decimals, 10)) : st.decimals;
      const int = Math.max(st.digits, ...missing.map((m) => String(Math.trunc(Math.abs(m))).length));
      const width = Math.min(40, int + (dec > 0 ? dec + 1 : 0) + 1);
      const level = c.role === 'code' ? 'NOMINAL' : 'SCALE';
      return { name: c.name, input: 'F40.0', print: `F${Math.max(width, 2)}.${dec}`, level, label, values, missing };
    }
    default: {
      const never: never = c;
      throw new Error(`Unexpected column: ${JSON.stringify(never)}`);
    }
  }
}

function missingClause(m: readonly number[]): string {
  const sorted = [...new Set(m)].sort((a, b) => a - b);
  if (sorted.length <= 3) return sorted.join(', ');
  return `${sorted[0]} THRU ${sorted[sorted.length - 1]}`;
}

/**
 * SPSS/PSPP syntax that reads the CSV written with the same dataset and locale: `SET DECIMAL`, `GET DATA /TYPE=TXT`
 * (UTF-8, header skipped), display formats, VARIABLE LABELS, VALUE LABELS, MISSING VALUES (more than three codes
 * become a `lo THRU hi` range, SPSS's own limit), VARIABLE LEVEL, and a commented `WEIGHT BY`. Labels are cut to
 * SPSS's byte limits. Numbers are read with F40.0 (a decimal mark in the field overrides the implied decimals).
 * Checked with GNU PSPP 1.6 (tests/integration/exportPspp.test.ts).
 * @param q the questionnaire; @param ds the dataset (case_id is the first column), in memory or read chunk by chunk
 *   (one pass for the widths and decimals)
 * @returns the syntax text (LF line ends)
 */
export function spssSyntax(q: Questionnaire, ds: AnyDataset, opts: SpssOptions): string {
  const profile = csvProfile(opts.locale);
  let idWidth = 1;
  const stats: ColumnStats[] = ds.columns.map(() => ({ width: 1, decimals: 0, digits: 1 }));
  forEachChunk(ds, (chunk) => {
    for (const id of chunk.caseIds) idWidth = Math.max(idWidth, utf8Length(id));
    chunk.columns.forEach((c, j) => gather(c, stats[j]!));
  });
  const vars: SpssVar[] = [
    { name: 'case_id', input: `A${idWidth}`, print: `A${idWidth}`, level: 'NOMINAL', label: 'Case ID', values: [], missing: [] },
    ...ds.columns.map((c, j) => describe(q, c, stats[j]!)),
  ];
  const L: string[] = [];
  L.push(`* ${opts.title.replace(/[\r\n]+/g, ' ')}.`);
  L.push('* Written by Veldwerk. Run the whole file; the CSV is UTF-8 with a byte order mark.');
  L.push(`SET DECIMAL=${profile.decimal === ',' ? 'COMMA' : 'DOT'}.`);
  L.push('GET DATA /TYPE=TXT');
  L.push(`  /FILE=${spssString(opts.csvPath)}`);
  L.push("  /ENCODING='UTF-8'");
  L.push('  /ARRANGEMENT=DELIMITED');
  L.push('  /DELCASE=LINE');
  L.push('  /FIRSTCASE=2');
  L.push(`  /DELIMITERS=${spssString(profile.separator)}`);
  L.push(`  /QUALIFIER='"'`);
  L.push('  /VARIABLES=');
  for (const v of vars) L.push(`    ${v.name} ${v.input}`);
  L[L.length - 1] += '.';
  const fmt = vars.filter((v) => v.input !== v.print);
  if (fmt.length > 0) {
    L.push('FORMATS');
    fmt.forEach((v, i) => L.push(`  ${i > 0 ? '/' : ''}${v.name} (${v.print})`));
    L[L.length - 1] += '.';
  }
  L.push('VARIABLE LABELS');
  vars.forEach((v, i) => L.push(`  ${i > 0 ? '/' : ''}${v.name} ${spssString(v.label, MAX_VAR_LABEL_BYTES)}`));
  L[L.length - 1] += '.';
  const labelled = vars.filter((v) => v.values.length > 0);
  if (labelled.length > 0) {
    L.push('VALUE LABELS');
    labelled.forEach((v, i) => {
      L.push(`  ${i > 0 ? '/' : ''}${v.name}`);
      for (const [code, label] of v.values) L.push(`    ${code} ${spssString(label, MAX_VALUE_LABEL_BYTES)}`);
    });
    L[L.length - 1] += '.';
  }
  const withMissing = vars.filter((v) => v.missing.length > 0);
  if (withMissing.length > 0) {
    L.push('MISSING VALUES');
    withMissing.forEach((v, i) => L.push(`  ${i > 0 ? '/' : ''}${v.name} (${missingClause(v.missing)})`));
    L[L.length - 1] += '.';
  }
  L.push('VARIABLE LEVEL');
  const levels: SpssVar['level'][] = ['NOMINAL', 'ORDINAL', 'SCALE'];
  let first = true;
  for (const level of levels) {
    const names = vars.filter((v) => v.level === level).map((v) => v.name);
    if (names.length === 0) continue;
    for (let k = 0; k < names.length; k += 10) L.push(`  ${k === 0 && !first ? '/' : ''}${names.slice(k, k + 10).join(' ')}${k + 10 >= names.length ? ` (${level})` : ''}`);
    first = false;
  }
  L[L.length - 1] += '.';
  if (ds.weight !== undefined) L.push(`* To weight the analysis: WEIGHT BY ${ds.weight}.`);
  L.push('EXECUTE.');
  return L.join('\n') + '\n';
}
