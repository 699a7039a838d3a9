// The Weighting sheet of the export: per stored scheme its spec, targets vs achieved and weight diagnostics (pure).
import type { SchemeDefinition, SchemeStaleness, WeightingDiagnostics } from '../contract/weighting';
import { describeWeightingWarning, weightingWarnings } from '../weighting/diagnostics';
import { stalenessMessage } from '../weighting/staleness';
import type { CellValue, SheetColumn } from './layout';

/** One stored scheme as the Weighting sheet shows it: its definition and the diagnostics of its latest run (null = never run). */
export interface WeightingSchemeFacts {
  definition: SchemeDefinition;
  result: WeightingDiagnostics | null;
  /** Whether the data changed since the run (absent or null: not judged; see schemeStaleness in the weighting service). */
  staleness?: SchemeStaleness | null;
}

/** Columns and rows of a fixed sheet (layout.ts wraps them into a SheetSpec). */
export interface FixedSheetContent {
  columns: SheetColumn[];
  rows: CellValue[][];
}

const COLUMNS: SheetColumn[] = [
  { header: 'Scheme', width: 16, format: 'general' },
  { header: 'Section', width: 18, format: 'general' },
  { header: 'Item', width: 24, format: 'general', comment: 'Spec or diagnostic item; for targets vs achieved the margin (variables crossed with *)' },
  { header: 'Value', width: 40, format: 'general' },
  { header: 'Code', width: 10, format: 'general' },
  { header: 'Label', width: 30, format: 'general' },
  { header: 'Target', width: 12, format: 'weight', comment: 'Population count of the category (targets given as percentages are scaled to counts)' },
  { header: 'Achieved', width: 12, format: 'weight', comment: 'Sum of the final weights of the category' },
  { header: 'Difference', width: 12, format: 'weight', comment: 'Achieved - target' },
  { header: 'Relative difference', width: 12, format: 'general', comment: '(achieved - target) / target; empty when the target is 0' },
  { header: 'Target %', width: 9, format: 'proportion', comment: 'Target as a share of the margin total' },
  { header: 'Achieved %', width: 9, format: 'proportion', comment: 'Achieved as a share of the sum of the weights in the margin' },
  { header: 'Respondents', width: 11, format: 'general', comment: 'Unweighted cases in the category' },
];

function num(x: number | null | undefined): CellValue {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

/**
 * The Weighting sheet: one block per scheme (in the order given, normally by name) — `spec` rows (method, group
 * filter, margins, targets kind, population total, base weights, tolerance, trimming, weight variables, targets
 * source), `run` rows (time, operator, cases, iterations, final max relative / absolute deviation, weight min, max,
 * mean, CV, Kish deff = n Σw²/(Σw)², effective n = (Σw)²/Σw² (Kish 1965), input and weights SHA-256, notes, warnings
 * about small cells and extreme weights from {@link weightingWarnings} with the suggested remedy), then one
 * `targets vs achieved` row per margin category with target and achieved counts and their shares of the margin
 * total. The values are the stored diagnostics of the scheme's latest run as they are (nothing is recomputed); a scheme
 * whose data changed since that run gets an `OUT OF DATE` row first in its run block saying what changed.
 * A scheme never run gets one run row saying so; a project without schemes one row explaining where schemes come from.
 * @param schemes the stored schemes with their latest results
 * @returns columns and rows
 */
export function weightingSheetContent(schemes: readonly WeightingSchemeFacts[]): FixedSheetContent {
  const rows: CellValue[][] = [];
  if (schemes.length === 0) {
    rows.push(['(none)', 'spec', 'Schemes', 'The project has no weighting schemes: define and run one in Weighting (or the CLI weighting commands); its spec, targets vs achieved and diagnostics then appear here.']);
    return { columns: COLUMNS, rows };
  }
  for (const { definition: d, result: r, staleness } of schemes) {
    const item = (section: string, name: string, value: CellValue) => rows.push([d.name, section, name, value]);
    item('spec', 'Method', d.method);
    item('spec', 'Group filter', d.group ? `${d.group.variable} = ${d.group.codes.join(' or ')}` : 'all cases');
    item('spec', 'Margins', d.margins.map((m) => m.variables.join('*')).join('; '));
    item('spec', 'Targets given as', d.targetsKind === 'percent' ? 'percentages' : 'counts');
    item('spec', 'Population total', d.populationTotal ?? (d.targetsKind === 'percent' ? 'sample size' : 'sum of the targets'));
    item('spec', 'Base weights', d.baseWeights === 'design' ? 'design weights of the sample frame' : 'none');
    item('spec', 'Tolerance', d.tolerance);
    item('spec', 'Maximum iterations', d.maxIterations);
    item('spec', 'Trimming', d.trim ? `${d.trim.lower ?? 0} – ${d.trim.upper ?? '∞'} (${d.trim.boundsOn === 'mean' ? 'multiples of the mean weight' : 'weights'})` : 'none');
    item('spec', 'Weight variables', [d.weightVariable ? `${d.weightVariable} (population)` : null, d.weightVariableN ? `${d.weightVariableN} (normalised to n)` : null].filter((x) => x !== null).join('; ') || 'none');
    if (d.targetsSource) item('spec', 'Targets source', `${d.targetsSource.file}${d.targetsSource.group ? ` (group ${d.targetsSource.group})` : ''}; SHA-256 ${d.targetsSource.sha256}`);
    if (!r) {
      item('run', 'Result', 'Not run yet: run the scheme to get weights and diagnostics.');
      continue;
    }
    const s = r.summary;
    if (staleness?.stale) item('run', 'OUT OF DATE', stalenessMessage(staleness, [d.weightVariable, d.weightVariableN]));
    item('run', 'Run at (UTC)', r.ranAt);
    item('run', 'Run by', r.ranBy);
    item('run', 'Cases weighted', r.cases.weighted);
    item('run', 'Cases outside the group', r.cases.outsideGroup);
    item('run', 'Cases not complete', r.cases.notComplete);
    item('run', 'Cases excluded', r.cases.excluded);
    item('run', 'Population total', num(r.populationTotal));
    item('run', 'Iterations', r.iterations);
    item('run', 'Final max relative deviation', num(r.maxRelDeviation));
    item('run', 'Final max absolute deviation', num(r.maxAbsDeviation));
    item('run', 'Weight min', num(s.min));
    item('run', 'Weight max', num(s.max));
    item('run', 'Weight mean', num(s.mean));
    item('run', 'Weight sum', num(s.sum));
    item('run', 'Weight CV', num(s.cv));
    item('run', 'Kish deff', num(s.kishDeff));
    item('run', 'Effective n', num(s.effectiveN));
    if (r.trim) item('run', 'Trimming', `bounds ${r.trim.lower} – ${r.trim.upper}, ${r.trim.cycles} cycle(s)`);
    item('run', 'Input SHA-256', r.inputHash);
    item('run', 'Weights SHA-256', r.weightsHash);
    for (const n of r.notes) item('run', 'Note', n);
    for (const w of weightingWarnings(r)) item('run', 'Warning', describeWeightingWarning(w));
    const totals = new Map<string, { target: number; achieved: number }>();
    for (const m of r.margins) {
      const t = totals.get(m.variable) ?? { target: 0, achieved: 0 };
      t.target += m.target;
      t.achieved += m.achieved;
      totals.set(m.variable, t);
    }
    for (const m of r.margins) {
      const t = totals.get(m.variable)!;
      rows.push([
        d.name, 'targets vs achieved', m.variable, null, m.code, m.label, num(m.target), num(m.achieved), num(m.difference), num(m.relativeDifference),
        t.target > 0 ? m.target / t.target : null, t.achieved > 0 ? m.achieved / t.achieved : null, m.respondents,
      ]);
    }
  }
  return { columns: COLUMNS, rows };
}
