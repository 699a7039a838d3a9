// Types shared by the benchmark runner and the registered benchmarks.

/** One measured figure: repeated samples of the same measurement. */
export interface Figure {
  /** Short name shown in the table, e.g. "open + load case list". */
  name: string;
  /** Unit of every sample, e.g. "ms" or "MiB". */
  unit: string;
  /** Raw samples; the runner reports median and p95. */
  samples: number[];
  /** Free text shown beside the figure (e.g. a ratio against R, or why a comparison was skipped). */
  note?: string;
}

/**
 * A registered benchmark (one file in bench/benchmarks/ exporting `benchmark`). bench/run.ts runs each in a fresh child
 * process, so `run` starts with an empty heap and no other benchmark's state; importing the file must only define it.
 */
export interface Benchmark {
  name: string;
  description: string;
  /** Runs the measurement; `workDir` is a fresh temporary folder removed afterwards. */
  run(ctx: { workDir: string; quick: boolean }): Promise<Figure[]>;
}
