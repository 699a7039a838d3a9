// Seeded synthetic cases that pass every rule of a questionnaire: clean data for tests and benchmarks of rule runs.
import { findList, type Questionnaire } from '../domain/questionnaire';
import type { RawValue } from '../expr/values';
import { createCleaner } from './engine';
import type { CleaningCase } from './types';

/** Seeded uniform generator (mulberry32): the same seed gives the same cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of {@link syntheticCases}. */
export interface SyntheticOptions {
  seed?: number;
  /** Probability of answering yes to the first single-choice question (Monitor: toestemming), default 0.95. */
  firstYes?: number;
  /** Case IDs: default 6-digit running numbers from 1. */
  caseId?(i: number): string;
}

/**
 * Generates `n` cases that the rule run (without edit rules) finds clean: every field on route is answered with a
 * valid, non-missing value chosen at random, in paper order; a case with any finding is drawn again.
 * @param q a questionnaire without errors
 * @throws Error when no clean case is found in 50 draws (a form whose checks random answers cannot meet)
 */
export function syntheticCases(q: Questionnaire, n: number, opts: SyntheticOptions = {}): CleaningCase[] {
  const r = seededRandom(opts.seed ?? 1);
  const cleaner = createCleaner(q);
  const { router, checker } = cleaner;
  const vars = router.variables;
  const codes = vars.map((v, s) => {
    const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
    return list ? list.choices.map((c) => c.code).filter((c) => !router.missingOf(s).has(c)) : [];
  });
  const firstChoice = vars.findIndex((v) => v.type === 'single');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const valueFor = (s: number): string => {
    const v = vars[s]!;
    switch (v.type) {
      case 'single':
        if (s === firstChoice && codes[s]!.length > 1) return r() < (opts.firstYes ?? 0.95) ? codes[s]![0]! : codes[s]![1]!;
        return pick(codes[s]!);
      case 'multiple': {
        const a = pick(codes[s]!);
        return r() < 0.3 ? [...new Set([a, pick(codes[s]!)])].sort().join(' ') : a;
      }
      case 'integer':
      case 'decimal': {
        const lo = v.range?.min ?? 0;
        const hi = Math.min(v.range?.max ?? lo + 20, lo + 40);
        return String(lo + Math.floor(r() * (hi - lo + 1)));
      }
      case 'text':
        return 'tekst'.slice(0, v.maxLength ?? 5);
      case 'date':
        return `2014-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
      case 'note':
      case 'calculated':
        return '';
      default:
        return '';
    }
  };
  const draw = (): RawValue[] => {
    const raw: RawValue[] = new Array<RawValue>(vars.length).fill('');
    for (let s = 0; s < vars.length; s++) {
      const v = vars[s]!;
      if (v.type === 'note' || v.type === 'calculated') continue;
      const state = router.evaluateSlots(raw);
      if (state.onRoute[s] !== true) continue;
      for (let attempt = 0; attempt < 10; attempt++) {
        raw[s] = valueFor(s);
        const st = router.evaluateSlots(raw);
        if (checker.checkVariable(st, v.name, { requireAnswers: false }).length === 0) break;
      }
    }
    return raw;
  };
  const out: CleaningCase[] = [];
  for (let i = 0; i < n; i++) {
    const caseId = opts.caseId ? opts.caseId(i) : String(i + 1).padStart(6, '0');
    let found: CleaningCase | undefined;
    for (let tries = 0; tries < 50 && !found; tries++) {
      const raw = draw();
      const values: Record<string, string> = {};
      vars.forEach((v, s) => {
        const x = raw[s];
        if (typeof x === 'string' && x !== '') values[v.name] = x;
      });
      const c = { caseId, values };
      if (cleaner.run([c], { duplicates: false }).violations.length === 0) found = c;
    }
    if (!found) throw new Error(`no clean synthetic case found for ${caseId}`);
    out.push(found);
  }
  return out;
}
