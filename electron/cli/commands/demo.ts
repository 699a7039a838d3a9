// CLI command `demo`: builds the Monitor 2014 example project (synthetic respondents, paper keyed, web imported) at a path.
import { buildExampleProject, EXAMPLE_PROFILE } from '../../backend/services/example';
import { rejectUnknownOptions, stringOption } from '../args';
import { UsageError, type Command } from '../types';

/** `demo <project.vwk> [--seed N] [--size small|full] [--json]`: the example project through the real import, keying and web-import paths. */
export const demoCommand: Command = {
  name: ['demo'],
  usage: 'demo <project.vwk> [--seed N] [--size small|full] [--json]   Build the Monitor 2014 example project (synthetic data)',
  valueOptions: ['seed', 'size'],
  async run(args, io) {
    rejectUnknownOptions(args, ['seed', 'size', 'json']);
    const [path, ...rest] = args.positional;
    if (!path || rest.length > 0) throw new UsageError('demo needs exactly one project path');
    const seedText = stringOption(args, 'seed') ?? '2014';
    if (!/^\d{1,9}$/.test(seedText)) throw new UsageError('--seed is a whole number');
    const size = stringOption(args, 'size') ?? 'small';
    if (size !== 'small' && size !== 'full') throw new UsageError('--size is small or full');
    const { project, report } = await buildExampleProject(path, Number(seedText), size, 'cli');
    project.close();
    if (args.options.json === true) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
      io.out([
        `Project:      ${report.path}`,
        `Seed/size:    ${report.seed} / ${report.size}`,
        `Sampled:      ${report.sampled} cases, ${report.respondents} respondents (${report.keyed} paper forms keyed, ${report.verified} re-keyed for verification, ${report.imported} web responses imported)`,
        `Planted keying errors: ${report.planted.length} (open verification differences)`,
        `Cleaning:     ${report.cleaning.rules} edit rules; first run ${report.cleaning.before.error} errors, ${report.cleaning.before.warning} warnings; ${report.cleaning.handled.filter((h) => h.action === 'corrected').length} planted errors corrected, ${report.cleaning.handled.filter((h) => h.action === 'excluded').length} duplicate excluded; after: ${report.cleaning.after.error} errors, ${report.cleaning.after.warning} warnings`,
        ...report.weighting.map((w) => `Weighting:    ${w.name} (${w.method}, ${w.weightVariable}): ${w.weighted} cases to ${Math.round(w.populationTotal)}, Kish deff ${w.kishDeff.toFixed(2)}${w.merged.length > 0 ? `; cells without respondents merged: ${w.merged.map((m) => `${m.from} → ${m.into}`).join(', ')}` : ''}`),
        `Report:       export profile "${EXAMPLE_PROFILE}" (the default: \`export <project> --out <file.xlsx>\` writes it; Tables opens with the headline table)`,
        `True victimisation: employees ${pct(report.truth.victimisation.employees)}, office holders ${pct(report.truth.victimisation.officeHolders)}`,
        `Time:         ${(report.ms / 1000).toFixed(1)} s`,
      ].join('\n') + '\n');
    }
    return 0;
  },
};
