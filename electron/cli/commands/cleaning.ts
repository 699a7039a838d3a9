// CLI commands of cleaning: `check` (the violation list), `rules import|export` (edit-rule sheets), `audit export`.
import { isCalendarDate } from '../../../shared/contract/fieldwork';
import { openProjectForWrite, openProjectReadOnly } from '../../backend/db/open';
import { queryViolations, type StoredViolation } from '../../backend/db/repos/cleaningRepo';
import { runCleaning } from '../../backend/services/cleaning';
import { exportAuditLog, exportRuleSheet, importRuleSheet } from '../../backend/services/cleaningFiles';
import { rejectUnknownOptions, stringOption } from '../args';
import { UsageError, type Command, type ParsedArgs } from '../types';

function onePath(args: ParsedArgs, command: string, what: string, count = 1): string[] {
  if (args.positional.length !== count) throw new UsageError(`${command} needs ${what}`);
  return args.positional;
}

function todayOption(args: ParsedArgs): string | undefined {
  const today = stringOption(args, 'today');
  if (today !== undefined && !isCalendarDate(today)) throw new UsageError(`--today must be an existing date YYYY-MM-DD (got ${today})`);
  return today;
}

function cut(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

/** The violation list as a fixed-width text table (one line per violation, case-ID order). */
export function violationTable(rows: readonly StoredViolation[]): string {
  const lines = [`${'case'.padEnd(12)} ${'severity'.padEnd(8)} ${'status'.padEnd(8)} ${'rule'.padEnd(32)} ${'variables'.padEnd(24)} message`];
  for (const v of rows) {
    lines.push(`${cut(v.caseId, 12)} ${v.severity.padEnd(8)} ${v.status.padEnd(8)} ${cut(v.ruleId, 32)} ${cut(v.variables.join(' '), 24)} ${v.message}${v.value !== null ? ` [${v.value}]` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `check <project.vwk> [--today YYYY-MM-DD] [--json]` — runs every rule over the cases that are not excluded (the
 * stored violation list is replaced; acceptances stay) and lists each violation: case ID, variables, rule, kind,
 * severity, status (open/accepted), message and value. Exit 0 even when violations exist.
 */
export const checkCommand: Command = {
  name: ['check'],
  usage: 'check <project.vwk> [--today YYYY-MM-DD] [--json]   Run the cleaning rules and list the violations',
  valueOptions: ['today'],
  async run(args, io) {
    rejectUnknownOptions(args, ['today', 'json']);
    const [path] = onePath(args, 'check', 'exactly one project path');
    const today = todayOption(args);
    const p = await openProjectForWrite(path!, 'cli');
    try {
      const r = runCleaning(p.db, { operator: 'cli', limit: 1, ...(today !== undefined ? { today } : {}) });
      const { rows } = queryViolations(p.db, { offset: 0, limit: Number.MAX_SAFE_INTEGER });
      if (args.options.json === true) {
        const violations = rows.map((v) => ({ caseId: v.caseId, batch: v.batch, variables: v.variables, rule: v.ruleId, kind: v.kind, severity: v.severity, status: v.status, message: v.message, value: v.value, ...(v.acceptedReason !== null ? { acceptedReason: v.acceptedReason } : {}) }));
        io.out(`${JSON.stringify({ cases: r.cases, totals: r.totals, ruleTests: r.ruleTests, staleCorrections: r.staleCorrections, violations }, null, 2)}\n`);
      } else {
        io.out(`${r.cases} cases checked: ${r.totals.error} errors, ${r.totals.warning} warnings (${r.totals.accepted} accepted)\n\n`);
        if (rows.length > 0) io.out(violationTable(rows));
        for (const t of r.ruleTests) io.out(`Rule test failed: ${t.rule} example ${t.example + 1} should ${t.expected ? '' : 'not '}trigger${t.note ? ` (${t.note})` : ''}\n`);
      }
      return 0;
    } finally {
      p.close();
    }
  },
};

/**
 * `rules import <project.vwk> <file.xlsx|csv> [--sheet S]` — imports the edit rules of a sheet, all or nothing
 * (every problem is listed with file, sheet, row and column and nothing is stored); rules of the same name are replaced.
 */
export const rulesImportCommand: Command = {
  name: ['rules', 'import'],
  usage: 'rules import <project.vwk> <file.xlsx|csv> [--sheet S]   Import edit rules from a sheet (all or nothing)',
  valueOptions: ['sheet'],
  async run(args, io) {
    rejectUnknownOptions(args, ['sheet']);
    const [path, file] = onePath(args, 'rules import', 'a project path and a rule sheet', 2);
    const p = await openProjectForWrite(path!, 'cli');
    try {
      const r = await importRuleSheet(p.db, file!, 'cli', stringOption(args, 'sheet'));
      io.out(`Imported ${r.imported.length} edit rule${r.imported.length === 1 ? '' : 's'} (${r.replaced} replaced): ${r.imported.join(', ')}\n`);
      for (const t of r.ruleTests) io.out(`Rule test failed: ${t.rule} example ${t.example + 1} should ${t.expected ? '' : 'not '}trigger${t.note ? ` (${t.note})` : ''}\n`);
      return 0;
    } finally {
      p.close();
    }
  },
};

/** `rules export <project.vwk> <file.xlsx|csv>` — writes the project's edit rules as a rule sheet. */
export const rulesExportCommand: Command = {
  name: ['rules', 'export'],
  usage: 'rules export <project.vwk> <file.xlsx|csv>   Write the edit rules as a sheet',
  async run(args, io) {
    rejectUnknownOptions(args, []);
    const [path, file] = onePath(args, 'rules export', 'a project path and an output file', 2);
    const p = openProjectReadOnly(path!);
    try {
      const r = await exportRuleSheet(p.db, file!);
      io.out(`Wrote ${r.rules} edit rule${r.rules === 1 ? '' : 's'} to ${r.path}\n`);
      return 0;
    } finally {
      p.close();
    }
  },
};

/** `audit export <project.vwk> --out <file.xlsx|csv>` — writes the append-only audit log. */
export const auditExportCommand: Command = {
  name: ['audit', 'export'],
  usage: 'audit export <project.vwk> --out <file.xlsx|csv>   Write the audit log (who, when, case, variable, old, new, reason, source)',
  valueOptions: ['out'],
  async run(args, io) {
    rejectUnknownOptions(args, ['out']);
    const [path] = onePath(args, 'audit export', 'exactly one project path');
    const out = stringOption(args, 'out');
    if (!out) throw new UsageError('--out is required');
    const p = openProjectReadOnly(path!);
    try {
      const r = await exportAuditLog(p.db, out);
      io.out(`Wrote ${r.entries} audit entr${r.entries === 1 ? 'y' : 'ies'} to ${r.path}\n`);
      return 0;
    } finally {
      p.close();
    }
  },
};

/** The cleaning commands, in `--help` order. */
export const cleaningCommands: readonly Command[] = [checkCommand, rulesImportCommand, rulesExportCommand, auditExportCommand];
