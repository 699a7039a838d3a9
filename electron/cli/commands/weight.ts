// CLI command `weight`: saves a weighting scheme from a JSON file into a project (targets optionally from a CSV/XLSX) and runs it.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SchemeDefinitionSchema, SchemeMarginSchema, type WeightingDiagnostics } from '../../../shared/contract/weighting';
import { DomainError } from '../../../shared/domain/errors';
import { openProjectForWrite } from '../../backend/db/open';
import { readTargetsFile, runScheme, saveScheme, schemeMarginsFromFile } from '../../backend/services/weighting';
import { rejectUnknownOptions, stringOption } from '../args';
import { UsageError, type Command } from '../types';

/**
 * The scheme file: a scheme (shared/contract/weighting.ts) whose margins may be names (`"laag*geslacht"`) when the
 * targets come from `--targets`; `targetsGroup` picks the file's group (e.g. `medewerker`).
 */
const SchemeFileSchema = SchemeDefinitionSchema.omit({ margins: true, targetsSource: true }).extend({
  margins: z.array(z.union([z.string().min(1), SchemeMarginSchema])).min(1),
  targetsGroup: z.string().nullable().optional(),
});

function readSchemeFile(path: string): z.infer<typeof SchemeFileSchema> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DomainError('NOT_FOUND', `No such file: ${path}`);
    throw new DomainError('WEIGHTING_INPUT', `${path} is not valid JSON: ${(e as Error).message}`, [{ message: 'invalid JSON', file: path }]);
  }
  const r = SchemeFileSchema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ message: i.message, file: path, path: i.path.map((p) => (typeof p === 'number' ? p : String(p))) }));
    throw new DomainError('WEIGHTING_INPUT', `${path}: ${issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`, issues);
  }
  return r.data;
}

function fmt(x: number, digits = 4): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

function formatDiagnostics(d: WeightingDiagnostics): string {
  const s = d.summary;
  const lines = [
    `Scheme:          ${d.scheme} (${d.method})`,
    `Cases:           ${d.cases.weighted} weighted; left out: ${d.cases.excluded} excluded, ${d.cases.notComplete} not complete, ${d.cases.outsideGroup} outside the group`,
    `Iterations:      ${d.iterations}; max relative margin deviation ${d.maxRelDeviation.toExponential(2)}`,
    `Weights:         sum ${fmt(s.sum, 2)} (population), min ${fmt(s.min)}, max ${fmt(s.max)}, mean ${fmt(s.mean)}, CV ${fmt(s.cv)}`,
    `Kish deff:       ${fmt(s.kishDeff)}; effective n ${fmt(s.effectiveN, 1)}`,
    `Variables:       ${[d.variables.population, d.variables.sample].filter((x) => x !== null).join(', ')}`,
    `Input hash:      ${d.inputHash}`,
    `Weights hash:    ${d.weightsHash}`,
    '',
    'margin           category   target        achieved      respondents',
    ...d.margins.map((m) => `${m.variable.padEnd(16)} ${m.code.padEnd(10)} ${fmt(m.target, 2).padStart(12)}  ${fmt(m.achieved, 2).padStart(12)}  ${String(m.respondents).padStart(6)}`),
  ];
  for (const n of d.notes) lines.push(`Note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `weight <project.vwk> --scheme <spec.json> [--targets <file.csv|xlsx>] [--sheet S] [--json]` — stores the scheme in
 * the project (replacing one of the same name) and runs it; on any refusal nothing is stored but the scheme.
 */
export const weightCommand: Command = {
  name: ['weight'],
  usage: 'weight <project.vwk> --scheme <spec.json> [--targets <file.csv|xlsx>] [--sheet S] [--json]   Save and run a weighting scheme in a project',
  valueOptions: ['scheme', 'targets', 'sheet'],
  async run(args, io) {
    rejectUnknownOptions(args, ['scheme', 'targets', 'sheet', 'json']);
    const [path, ...rest] = args.positional;
    if (!path || rest.length > 0) throw new UsageError('weight needs exactly one project path');
    const schemePath = stringOption(args, 'scheme');
    if (!schemePath) throw new UsageError('--scheme <spec.json> is required');
    const targetsPath = stringOption(args, 'targets');
    const sheet = stringOption(args, 'sheet');
    const file = readSchemeFile(schemePath);
    const targets = targetsPath ? await readTargetsFile(targetsPath, sheet) : null;
    const named = file.margins.filter((m): m is string => typeof m === 'string');
    if (named.length > 0 && !targets) throw new UsageError(`margins given by name (${named.join(', ')}) need --targets <file>`);
    const group = file.targetsGroup ?? null;
    const margins = file.margins.map((m) => (typeof m === 'string' ? schemeMarginsFromFile(targets!, group, [m])[0]! : m));
    const { targetsGroup: _g, ...rest2 } = file;
    void _g;
    const kind = targets?.margins.find((m) => group === null || m.group === group)?.kind;
    const scheme = {
      ...rest2,
      margins,
      ...(kind && named.length > 0 ? { targetsKind: kind } : {}),
      targetsSource: targets ? { file: targets.file, sha256: targets.sha256, group } : null,
    };
    const p = await openProjectForWrite(path, 'cli');
    try {
      saveScheme(p.db, scheme, 'cli');
      const d = runScheme(p.db, scheme.name, 'cli');
      io.out(args.options.json === true ? `${JSON.stringify(d, null, 2)}\n` : formatDiagnostics(d));
      return 0;
    } finally {
      p.close();
    }
  },
};
