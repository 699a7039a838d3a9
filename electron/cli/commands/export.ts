// CLI command `export`: writes the report workbook (and optionally CSV + SPSS syntax) of a project.
import { openProjectForWrite, openProjectReadOnly } from '../../backend/db/open';
import { runExport, type ExportReport } from '../../backend/export/runExport';
import { defaultProfileName, findProfile, listProfiles } from '../../backend/export/profiles';
import { DomainError } from '../../../shared/domain/errors';
import { SHEET_IDS, SHEET_NAMES, sheetIdOf, type SheetId } from '../../../shared/export';
import { rejectUnknownOptions, stringOption } from '../args';
import { UsageError, type Command } from '../types';

const KNOWN = ['out', 'csv', 'locale', 'sps', 'include-identifiers', 'weight', 'sheets', 'profile', 'json', 'tables', 'by', 'min-n', 'suppress', 'tables-weight'];

function formatReport(r: ExportReport): string {
  const lines = [
    `Workbook:     ${r.path} (${r.bytes} bytes)`,
    `Sheets:       ${r.sheets.join(', ')}`,
    `Cases:        ${r.cases} exported, ${r.excluded} excluded; ${r.columns} columns`,
    `SHA-256 Data: ${r.dataSha256}`,
  ];
  if (r.truncatedCells > 0) lines.push(`Truncated:    ${r.truncatedCells} texts cut at 32,767 characters (full text stays in the project)`);
  // The out-of-date warnings go to stderr (see run); the other notes here.
  for (const n of r.notes) if (!r.warnings.includes(n)) lines.push(`Note:         ${n}`);
  if (r.csv) lines.push(`CSV:          ${r.csv.path} (${r.csv.bytes} bytes)`);
  if (r.sps) lines.push(`SPSS syntax:  ${r.sps.path}`);
  if (r.identifiersIncluded.length > 0) lines.push(`Identifiers:  ${r.identifiersIncluded.join(', ')} included (recorded in the audit log)`);
  return lines.join('\n') + '\n';
}

/**
 * `export <project.vwk> --out <file.xlsx> [--profile <name>] [--csv <file.csv> --locale nl|intl] [--sps <file.sps>]
 * [--include-identifiers] [--weight <var>] [--sheets a,b] [--tables a,b --by <var> [--tables-weight <scheme or var>]
 * [--min-n 10] [--suppress]] [--json]`. `--tables` fills the Tables sheet (weighted by --tables-weight, else --weight,
 * else unweighted); columns with a base below --min-n are flagged, or left empty with --suppress. A profile (saved per project in the app) gives
 * the sheets, weight, identifiers, statuses, filter and CSV locale; options given on the command line win. Without
 * --profile the project's default profile applies when it has one (profiles.ts setDefaultProfile).
 * Opens the project read-only (works while the app has it open), or for writing when identifiers are included
 * (the audit log records it). Ctrl+C cancels; no partial file is left. A weighting scheme whose data changed since its
 * run (its weights on the Data sheet, in Tables or on the Weighting sheet) is exported as it is, with a warning on
 * stderr and a note in the workbook (exit 0).
 */
export const exportCommand: Command = {
  name: ['export'],
  usage:
    'export <project.vwk> --out <file.xlsx> [--profile <name>] [--csv <file.csv> --locale nl|intl] [--sps <file.sps>] [--include-identifiers] [--weight <var>] [--sheets a,b] [--tables a,b --by <var> [--tables-weight <scheme|var>] [--min-n 10] [--suppress]] [--json]   Write the report workbook',
  valueOptions: ['out', 'csv', 'locale', 'sps', 'weight', 'sheets', 'profile', 'tables', 'by', 'min-n', 'tables-weight'],
  async run(args, io) {
    rejectUnknownOptions(args, KNOWN);
    const [path, ...rest] = args.positional;
    if (!path || rest.length > 0) throw new UsageError('export needs exactly one project path');
    const out = stringOption(args, 'out');
    if (!out) throw new UsageError('--out <file.xlsx> is required');
    if (!/\.xlsx$/i.test(out)) throw new UsageError(`--out is the report workbook, an Excel file: its name must end in .xlsx (got ${out}; use --csv for a CSV file)`);
    const profileName = stringOption(args, 'profile');
    let profile: ReturnType<typeof findProfile>;
    {
      const ro = openProjectReadOnly(path);
      try {
        const all = listProfiles(ro.db);
        if (profileName !== undefined) {
          profile = findProfile(all, profileName);
          if (!profile) throw new DomainError('NOT_FOUND', `No export profile named ${profileName}${all.length > 0 ? ` (saved: ${all.map((x) => x.name).join(', ')})` : ' (the project has none)'}.`);
        } else {
          // Without --profile the project's default profile (if it has one) applies.
          const d = defaultProfileName(ro.db);
          profile = d !== null ? findProfile(all, d) : undefined;
        }
      } finally {
        ro.close();
      }
    }
    const csv = stringOption(args, 'csv');
    const locale = stringOption(args, 'locale') ?? profile?.csv ?? 'nl';
    if (locale !== 'nl' && locale !== 'intl') throw new UsageError('--locale must be nl or intl');
    if (stringOption(args, 'locale') !== undefined && !csv) throw new UsageError('--locale needs --csv');
    // A profile that writes SPSS syntax puts it beside the CSV unless --sps names it.
    const sps = stringOption(args, 'sps') ?? (profile?.sps && csv ? `${csv.replace(/\.csv$/i, '')}.sps` : undefined);
    if (sps && !csv) throw new UsageError('--sps needs --csv (the syntax reads the CSV)');
    const sheetsOpt = stringOption(args, 'sheets');
    let sheets: SheetId[] | undefined;
    if (sheetsOpt === undefined && profile) sheets = [...profile.sheets];
    if (sheetsOpt !== undefined) {
      // A sheet by its key (cleaningLog) or by its name in the workbook (Cleaning log), without regard to letter case.
      const given = sheetsOpt.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const bad = given.filter((s) => sheetIdOf(s) === undefined);
      if (bad.length > 0 || given.length === 0) {
        throw new UsageError(`--sheets takes a comma list of sheet names (${SHEET_IDS.map((id) => SHEET_NAMES[id]).join(', ')}) or keys (${SHEET_IDS.join(', ')}), in any letter case${bad.length > 0 ? `; not a sheet: ${bad.join(', ')}` : ''}`);
      }
      sheets = [...new Set(given.map((s) => sheetIdOf(s)!))];
    }
    const weight = stringOption(args, 'weight') ?? profile?.weight ?? undefined;
    const tablesOpt = stringOption(args, 'tables');
    const by = stringOption(args, 'by');
    const minNOpt = stringOption(args, 'min-n');
    if ((tablesOpt === undefined) !== (by === undefined)) throw new UsageError('--tables and --by go together: --tables var1,var2 --by <grouping variable>');
    if (tablesOpt === undefined && (minNOpt !== undefined || args.options.suppress === true || stringOption(args, 'tables-weight') !== undefined)) {
      throw new UsageError('--min-n, --suppress and --tables-weight need --tables and --by');
    }
    if (minNOpt !== undefined && !/^[1-9]\d{0,5}$/.test(minNOpt)) throw new UsageError('--min-n takes a whole number of at least 1');
    let tables = profile?.tables ?? undefined;
    if (tablesOpt !== undefined && by !== undefined) {
      const variables = tablesOpt.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (variables.length === 0) throw new UsageError('--tables takes a comma list of single-choice variables');
      const tw = stringOption(args, 'tables-weight') ?? weight;
      tables = { variables, by, ...(tw !== undefined ? { weight: tw } : {}), ...(minNOpt !== undefined ? { minN: Number(minNOpt) } : {}), smallCells: args.options.suppress === true ? 'suppress' : 'flag' };
    }
    const includeIdentifiers = args.options['include-identifiers'] === true || profile?.includeIdentifiers === true;
    const p = includeIdentifiers ? await openProjectForWrite(path, 'cli') : openProjectReadOnly(path);
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    try {
      const report = await runExport(
        p,
        {
          out,
          includeIdentifiers,
          ...(sheets ? { sheets } : {}),
          ...(weight !== undefined ? { weight } : {}),
          ...(profile ? { statuses: profile.statuses } : {}),
          ...(profile?.filter ? { filter: profile.filter } : {}),
          ...(tables ? { tables } : {}),
          ...(profile ? { profile: profile.name + (sheetsOpt !== undefined || stringOption(args, 'weight') !== undefined || tablesOpt !== undefined || args.options['include-identifiers'] === true ? ' (changed on the command line)' : '') } : {}),
          ...(csv ? { csv: { path: csv, locale } } : {}),
          ...(sps ? { sps: { path: sps } } : {}),
        },
        { signal: ac.signal },
      );
      io.out(args.options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      // A weighting scheme whose data changed since its run: its weights are exported as they are, with this warning.
      for (const w of report.warnings) io.err(`Warning: ${w}\n`);
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      p.close();
    }
  },
};
