// Benchmark: routing and checks of the whole Monitor form after one changed answer (one keystroke).
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import { createChecker } from '../../shared/checks';
import { findList, type Questionnaire, type Variable } from '../../shared/domain/questionnaire';
import type { Benchmark, Figure } from '../types';

const here = dirname(fileURLToPath(import.meta.url));
const monitorDir = resolve(here, '../../../shared/monitor');

/** Plausible answers for every enterable variable, varied by `seed` so routing takes different paths. */
function answersFor(q: Questionnaire, vars: readonly Variable[], seed: number): Record<string, string> {
  const out: Record<string, string> = {};
  vars.forEach((v, i) => {
    const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
    const codes = list?.choices.map((c) => c.code) ?? [];
    const k = seed + i;
    switch (v.type) {
      case 'single':
        out[v.name] = codes[k % codes.length] ?? '';
        break;
      case 'multiple':
        out[v.name] = [codes[k % codes.length], codes[(k + 1) % codes.length]].join(' ');
        break;
      case 'integer':
        out[v.name] = String(1 + (k % 30));
        break;
      case 'text':
        out[v.name] = 'tekst';
        break;
      default:
        break;
    }
  });
  out.toestemming = '1';
  out.ag_verbaal = '3';
  return out;
}

export const benchmark: Benchmark = {
  name: 'routing',
  description: 'Monitor form: routing + all checks of one case after one changed answer (per keystroke)',
  async run({ quick }) {
    const q = await loadXlsform(monitorDir);
    const t0 = performance.now();
    const checker = createChecker(q);
    const compileMs = performance.now() - t0;
    const vars = checker.router.variables.filter((v) => v.type !== 'note' && v.type !== 'calculated');
    const answers = answersFor(q, vars, 0);
    const alt = answersFor(q, vars, 1);
    const n = quick ? 500 : 5000;
    // warm-up
    for (let i = 0; i < 200; i++) checker.check(answers, { today: '2014-03-01' });
    const samples: number[] = [];
    const routeOnly: number[] = [];
    let violations = 0;
    for (let i = 0; i < n; i++) {
      const v = vars[i % vars.length]!;
      const prev = answers[v.name];
      answers[v.name] = alt[v.name] ?? '';
      const a = performance.now();
      const r = checker.check(answers, { today: '2014-03-01' });
      const b = performance.now();
      checker.router.evaluate(answers, '2014-03-01');
      const c = performance.now();
      samples.push(b - a);
      routeOnly.push(c - b);
      violations += r.violations.length;
      if (i % 3 === 0 && prev !== undefined) answers[v.name] = prev;
    }
    const figures: Figure[] = [
      { name: 'routing + checks per keystroke (72 variables)', unit: 'ms', samples, note: `goal well under 1 ms; ${(violations / n).toFixed(1)} violations per run on average` },
      { name: 'routing only per keystroke', unit: 'ms', samples: routeOnly },
      { name: 'compile routing + checks (once per version)', unit: 'ms', samples: [compileMs] },
    ];
    return figures;
  },
};
