// CLI command `import` (alias `responses import`): dry-run or import a web-survey export (CSV/XLSX) into a project, all or nothing.
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { openProjectForWrite, openProjectReadOnly } from '../../backend/db/open';
import { importResponses } from '../../backend/services/importResponses';
import { DomainError } from '../../../shared/domain/errors';
import { ImportMappingSchema, type ResponseImportReport } from '../../../shared/contract/import';
import type { ImportMapping } from '../../../shared/import/mapping';
import { rejectUnknownOptions, stringOption } from '../args';
import { UsageError, type Command, type ParsedArgs } from '../types';

const VALUE_OPTIONS = ['file', 'mapping', 'on-duplicate', 'encoding', 'sheet', 'header-rows', 'operator'];

function operatorOf(args: ParsedArgs): string {
  const o = stringOption(args, 'operator');
  if (o !== undefined) return o;
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

/** `--mapping`: a .json file holding a mapping, else the name of a mapping saved in the project. */
function mappingOf(value: string | undefined): { mapping?: ImportMapping; mappingName?: string } {
  if (value === undefined) return {};
  if (value.toLowerCase().endsWith('.json')) {
    if (!existsSync(value)) throw new UsageError(`--mapping: no such file ${value}`);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(value, 'utf8'));
    } catch (e) {
      throw new UsageError(`--mapping: ${value} is not JSON (${(e as Error).message})`);
    }
    const { name, ...rest } = (raw && typeof raw === 'object' ? raw : {}) as { name?: unknown };
    const m = ImportMappingSchema.safeParse(rest);
    if (!m.success) throw new UsageError(`--mapping: ${value}: ${m.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return { mapping: m.data, ...(typeof name === 'string' && name.trim() !== '' ? { mappingName: name.trim() } : {}) };
  }
  return { mappingName: value };
}

function formatReport(r: ResponseImportReport): string {
  const where = (p: ResponseImportReport['errors'][number]): string =>
    [p.sheet, p.row !== undefined ? `row ${p.row}` : undefined, p.column ? `column ${p.column}` : undefined, p.caseId ? `case ${p.caseId}` : undefined].filter(Boolean).join(', ');
  const lines = [
    `File:      ${r.file}${r.sheet ? ` (sheet ${r.sheet})` : ''}${r.encoding ? `, ${r.encoding}` : ''}${r.delimiter ? `, delimiter ${JSON.stringify(r.delimiter)}` : ''}, ${r.headerRows} header row${r.headerRows === 1 ? '' : 's'}`,
    `Rows:      ${r.rows} (${r.complete} complete${r.skipped ? `, ${r.skipped} skipped` : ''})`,
    'Columns:',
    ...r.columns.map((c) => `  ${(c.header || `#${c.col}`).padEnd(24)} ${c.target === 'variable' || c.target === 'option' ? `→ ${c.variable}${c.code !== undefined ? ` = ${c.code}` : ''}` : c.target}${c.reason ? ` (${c.reason})` : ''}${c.how === 'explicit' ? ' [mapping]' : ''}  filled ${c.filled}${c.labelsMapped ? `, labels ${c.labelsMapped}` : ''}${c.trimmed ? `, trimmed ${c.trimmed}` : ''}${c.problems ? `, problems ${c.problems}` : ''}`),
    ...(r.unmappedLabels.length ? ['Unmapped labels:', ...r.unmappedLabels.map((u) => `  ${u.variable} (${u.column}): "${u.label}" × ${u.count}`)] : []),
    ...r.warnings.map((w) => `warning: ${where(w)}: ${w.message}`),
    ...r.errors.map((e) => `error: ${where(e)}: ${e.message}`),
  ];
  if (r.truncated) lines.push('(problem lists cut; counts: ' + Object.entries(r.counts).map(([k, n]) => `${k} ${n}`).join(', ') + ')');
  lines.push(r.dryRun ? (r.valid ? 'Dry run: no blocking problems; nothing was stored.' : `Dry run: ${r.errors.length} blocking problems; nothing was stored.`) : `Imported:  ${r.imported} new cases${r.replaced ? `, ${r.replaced} replaced` : ''} (batch ${r.batchId})`);
  return `${lines.join('\n')}\n`;
}

/**
 * The `--json` output of a failed import (a file error, a blocked commit, an unknown mapping): `valid: false`, the
 * error code and message, and every issue as {file, sheet, row, column, caseId, variable, value, kind, message}
 * (kind: the problem kind of a blocked commit, e.g. `duplicateInProject`, or the file error, e.g. `encoding`).
 */
export function failureJson(e: DomainError): { valid: false; error: { code: string; message: string }; errors: Record<string, string | number>[] } {
  return {
    valid: false,
    error: { code: e.code, message: e.message },
    errors: e.issues.map((i) => {
      const kind = (i.reason ?? '').replace(/^import\.(problem|file|mapping)\./, '');
      const o: Record<string, string | number> = {};
      for (const [k, v] of [['file', i.file], ['sheet', i.sheet], ['row', i.row], ['column', i.column], ['caseId', i.params?.caseId], ['variable', i.params?.variable], ['value', i.value]] as const) if (v !== undefined) o[k] = v;
      o.kind = kind || 'error';
      o.message = i.message;
      return o;
    }),
  };
}

function makeCommand(name: string[]): Command {
  return {
    name,
    usage: `${name.join(' ')} <project.vwk> --file <responses.csv|xlsx> [--mapping <name|mapping.json>] [--dry-run] [--on-duplicate refuse|skip|replace] [--encoding auto|utf-8|windows-1252|utf-16le|utf-16be] [--sheet S] [--header-rows N] [--operator NAME] [--json]   Import web-survey responses (all or nothing). --mapping NAME must be a saved mapping (a .json file may name a new one). --on-duplicate replace only replaces cases that came from an import and have no cleaning (corrections, accepted warnings, exclusion): a keyed paper form (replaceKeyed) or a cleaned case (replaceCleaned) blocks the commit; skip those rows. A case ID that is a sample/project/other row's ID with its leading zeros lost (caseIdLostZeros) blocks the commit. A forced --encoding utf-8 on a file that is not UTF-8 is an error. --sheet is for .xlsx only. With --json a failure prints {valid:false, error, errors[]} too`,
    valueOptions: VALUE_OPTIONS,
    async run(args, io) {
      rejectUnknownOptions(args, [...VALUE_OPTIONS, 'dry-run', 'json']);
      const [path, ...rest] = args.positional;
      if (!path || rest.length > 0) throw new UsageError(`${name.join(' ')} needs exactly one project path`);
      const file = stringOption(args, 'file');
      if (!file) throw new UsageError('--file is required');
      const onDuplicate = stringOption(args, 'on-duplicate') ?? 'refuse';
      if (onDuplicate !== 'refuse' && onDuplicate !== 'skip' && onDuplicate !== 'replace') throw new UsageError('--on-duplicate is refuse, skip or replace');
      const encoding = stringOption(args, 'encoding') ?? 'auto';
      if (encoding !== 'auto' && encoding !== 'utf-8' && encoding !== 'windows-1252' && encoding !== 'utf-16le' && encoding !== 'utf-16be') throw new UsageError('--encoding is auto, utf-8, windows-1252, utf-16le or utf-16be');
      const hr = stringOption(args, 'header-rows');
      if (hr !== undefined && !/^[1-9]$/.test(hr)) throw new UsageError('--header-rows is a number from 1 to 9');
      const sheet = stringOption(args, 'sheet');
      const dryRun = args.options['dry-run'] === true;
      const input = { file, encoding, onDuplicate, ...(sheet !== undefined ? { sheet } : {}), ...(hr !== undefined ? { headerRows: Number(hr) } : {}), ...mappingOf(stringOption(args, 'mapping')) } as const;
      const json = args.options.json === true;
      let r: ResponseImportReport;
      try {
        const p = dryRun ? openProjectReadOnly(path) : await openProjectForWrite(path, 'cli');
        try {
          r = await importResponses(p.db, input, operatorOf(args), dryRun);
        } finally {
          p.close();
        }
      } catch (e) {
        const unknownMapping = e instanceof DomainError && e.issues.some((i) => i.reason === 'import.mapping.unknown');
        if (json && e instanceof DomainError) {
          io.out(`${JSON.stringify(failureJson(e), null, 2)}\n`);
          if (!unknownMapping) io.err(`veldwerk: ${e.message}\n`);
          else io.err(`veldwerk ${name.join(' ')}: --mapping: ${e.message}\n`);
          return unknownMapping ? 2 : 1;
        }
        if (unknownMapping) throw new UsageError(`--mapping: ${(e as DomainError).message}`);
        throw e;
      }
      io.out(json ? `${JSON.stringify(r, null, 2)}\n` : formatReport(r));
      return dryRun && !r.valid ? 1 : 0;
    },
  };
}

/** `import <project.vwk> --file <responses.csv|xlsx> [--mapping <name|file.json>] [--dry-run] [--json] …`. */
export const importCommand: Command = makeCommand(['import']);
/** The same command under the issue's name, `responses import`. */
export const responsesImportCommand: Command = makeCommand(['responses', 'import']);
