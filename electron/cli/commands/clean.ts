// CLI command `clean`: runs the project's cleaning rules (optionally importing edit rules from a CSV/XLSX sheet first) and prints the counts.
import { rulesFromTable } from '../../../shared/cleaning/ruleSheet';
import type { CleaningRunOutput } from '../../../shared/contract/cleaning';
import { isCalendarDate } from '../../../shared/contract/fieldwork';
import { openProjectForWrite } from '../../backend/db/open';
import { runCleaning, saveRule } from '../../backend/services/cleaning';
import { readFrameFile } from '../../backend/services/frameReader';
import { rejectUnknownOptions, stringOption } from '../args';
import { UsageError, type Command } from '../types';

function formatRun(r: CleaningRunOutput, imported: number): string {
  const lines = [
    ...(imported > 0 ? [`Rules imported: ${imported}`] : []),
    `Cases:          ${r.cases} checked in ${r.durationMs} ms`,
    `Violations:     ${r.totals.error} errors, ${r.totals.warning} warnings (${r.totals.accepted} accepted)`,
    '',
    'rule                                   severity   count',
    ...r.counts.map((c) => `${c.ruleId.padEnd(38)} ${c.severity.padEnd(9)} ${String(c.count).padStart(6)}`),
  ];
  for (const t of r.ruleTests) lines.push(`Rule test failed: ${t.rule} example ${t.example + 1} should ${t.expected ? '' : 'not '}trigger${t.note ? ` (${t.note})` : ''}`);
  for (const s of r.staleCorrections) lines.push(`Check correction: ${s.caseId} ${s.variable} was corrected from ${s.correctedFrom ?? '(empty)'} but is now keyed as ${s.keyedNow ?? '(empty)'}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `clean <project.vwk> [--rules <rules.csv|xlsx>] [--sheet S] [--today YYYY-MM-DD] [--json]` — imports the edit rules
 * of the sheet into the project (replacing rules of the same name), runs every rule over the cases that are not
 * excluded, stores the violations and prints counts per rule and severity. Exit 0 even when violations exist.
 */
export const cleanCommand: Command = {
  name: ['clean'],
  usage: 'clean <project.vwk> [--rules <rules.csv|xlsx>] [--sheet S] [--today YYYY-MM-DD] [--json]   Run the cleaning rules and count the violations',
  valueOptions: ['rules', 'sheet', 'today'],
  async run(args, io) {
    rejectUnknownOptions(args, ['rules', 'sheet', 'today', 'json']);
    const [path, ...rest] = args.positional;
    if (!path || rest.length > 0) throw new UsageError('clean needs exactly one project path');
    const today = stringOption(args, 'today');
    if (today !== undefined && !isCalendarDate(today)) throw new UsageError(`--today must be an existing date YYYY-MM-DD (got ${today})`);
    const rulesPath = stringOption(args, 'rules');
    const rules = rulesPath ? rulesFromTable((await readFrameFile(rulesPath, stringOption(args, 'sheet'))).table) : [];
    const p = await openProjectForWrite(path, 'cli');
    try {
      // All rules are checked before any is stored.
      const save = p.db.transaction(() => {
        for (const r of rules) saveRule(p.db, r, 'cli');
      });
      save();
      const r = runCleaning(p.db, { operator: 'cli', limit: 1, ...(today !== undefined ? { today } : {}) });
      const { page: _page, ...summary } = r;
      void _page;
      io.out(args.options.json === true ? `${JSON.stringify({ rulesImported: rules.length, ...summary }, null, 2)}\n` : formatRun(r, rules.length));
      return 0;
    } finally {
      p.close();
    }
  },
};
