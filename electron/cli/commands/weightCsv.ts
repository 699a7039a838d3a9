// CLI command weight-csv: weights a sample from CSV/JSON files in the reference formats and writes the weights.
import { weightCsv, weightsCsvText, writeFilesAtomically } from '../../backend/services/weightCsv';
import { rejectUnknownOptions, stringOption } from '../args';
import { UsageError, type Command } from '../types';

const OPTIONS = ['sample', 'targets', 'spec', 'out', 'summary', 'cells'];

/**
 * `weight-csv --sample <sample.csv> --targets <targets.csv> --spec <spec.json> --out <weights.csv>
 * [--summary <summary.json>] [--cells <cells.csv>]` — writes `id,weight` (and the summary JSON) only when the
 * weighting succeeded; on any error nothing is written (temporary files renamed at the end).
 */
export const command: Command = {
  name: ['weight-csv'],
  usage: 'weight-csv --sample <sample.csv> --targets <targets.csv> --spec <spec.json> --out <weights.csv> [--summary <summary.json>] [--cells <cells.csv>]  Weight a sample from CSV files',
  valueOptions: OPTIONS,
  run(args, io) {
    rejectUnknownOptions(args, OPTIONS);
    if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
    const need = (name: string): string => {
      const v = stringOption(args, name);
      if (!v) throw new UsageError(`--${name} is required`);
      return v;
    };
    const samplePath = need('sample');
    const targetsPath = need('targets');
    const specPath = need('spec');
    const out = need('out');
    const summaryPath = stringOption(args, 'summary');
    const cellsPath = stringOption(args, 'cells');
    const r = weightCsv({ samplePath, targetsPath, specPath, ...(cellsPath ? { cellsPath } : {}) });
    const files: Record<string, string> = { [out]: weightsCsvText(r.ids, r.weights) };
    if (summaryPath) files[summaryPath] = `${JSON.stringify(r.summary, null, 2)}\n`;
    writeFilesAtomically(files);
    const s = r.summary;
    io.out(`Weighted ${String(s.n)} cases (${String(s.method)}): sum ${String(s.sum_weights)}, Kish deff ${(s.kish_deff as number).toFixed(4)}, ` +
      `effective n ${(s.effective_n as number).toFixed(1)}, max relative margin deviation ${(s.max_rel_margin_difference as number).toExponential(2)}.\n`);
    io.out(`Wrote ${out}${summaryPath ? ` and ${summaryPath}` : ''}.\n`);
    return 0;
  },
};
