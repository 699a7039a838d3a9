// Benchmark: build the Monitor 2014 example project (`veldwerk demo`) at small and full size: generate, import frame, key paper forms, import web responses, clean, weight, save the report profile.
import { join } from 'node:path';
import { buildExampleProject } from '../../electron/backend/services/example';
import type { Benchmark } from '../types';

async function time(workDir: string, size: 'small' | 'full', runs: number): Promise<{ samples: number[]; note: string }> {
  const samples: number[] = [];
  let note = '';
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const { project, report } = await buildExampleProject(join(workDir, `${size}-${r}.vwk`), 2014 + r, size, 'bench');
    samples.push(performance.now() - t0);
    project.close();
    const ph = report.phaseMs;
    note = `${report.respondents} respondents: ${report.keyed} keyed, ${report.imported} imported; last run ms: build ${ph.build}, cleaning ${ph.cleaning}, weighting ${ph.weighting}, export profile ${ph.export}`;
  }
  return { samples, note };
}

export const benchmark: Benchmark = {
  name: 'example',
  description: 'build the Monitor 2014 example project (demo) through questionnaire import, frame import, keying, web import, cleaning, weighting and the report profile',
  async run({ workDir, quick }) {
    const small = await time(workDir, 'small', quick ? 1 : 3);
    const figures = [{ name: 'demo --size small', unit: 'ms', ...small }];
    if (!quick) figures.push({ name: 'demo --size full', unit: 'ms', ...(await time(workDir, 'full', 1)) });
    return figures;
  },
};
