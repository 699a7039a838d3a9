// Benchmark: the goal figure — 100 edit rules over 50,000 cases × 200 variables in memory (time, CPU and peak
// memory), the Monitor questionnaire widened to 200 variables. Split from `cleaning` so that it runs in a process of
// its own (bench/run.ts runs every benchmark in a fresh child): after the 20,000-case runs in the same process its
// timings included their garbage's major collections. The helpers (widen, wideRules, makeWideCase(s), wideRun) live in
// cleaning.ts.
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import type { Benchmark } from '../types';
import { wideRun } from './cleaning';

const monitorDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/monitor');

export const benchmark: Benchmark = {
  name: 'cleaning-wide',
  description: "Cleaning, the issue's goal: 100 rules over 50,000 cases × 200 variables in memory (the Monitor widened)",
  async run({ quick }) {
    return wideRun(await loadXlsform(monitorDir), quick);
  },
};
