// Veldwerk UI logic without a browser: rate formatting, batch status steps, the returns-chart layout and the fieldwork slice over a fake transport.
import { beforeEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../renderer/api/client';
import type { Transport } from '../../renderer/api/transport';
import { createAppStore } from '../../renderer/stores';
import { RATE_FORMULAS, chartLayout, formatRate, niceMax, nextStatuses, todayIso } from '../../renderer/features/fieldwork/format';
import { fail, ok, type Result } from '../../shared/contract/result';

let calls: [string, unknown][] = [];

function use(answer: (channel: string, input: unknown) => Result<unknown>): void {
  calls = [];
  const t: Transport = {
    kind: 'ipc',
    async call(channel, input) {
      calls.push([channel, input]);
      return answer(channel, input);
    },
  };
  setTransport(t);
}

const rates = { RR1: 0.5, RR2: 0.6, RR3: 0.55, RR4: 0.65, COOP1: 0.8, COOP2: 0.9, REF1: 0.1, REF2: 0.12, CON1: 0.7, e: 0.9 };
const counts = { I: 5, P: 1, R: 1, NC: 0, O: 0, UH: 3, UO: 0, NE: 0 };
const report = {
  generatedAt: '2014-05-10T10:00:00.000Z',
  sampled: 10,
  returned: 6,
  overall: { code: '(total)', sampled: 10, counts, rates },
  byStratum: [],
  dispositions: [],
  e: 0.9,
  eMethod: 'estimated',
  perDay: [],
  byMode: [],
  batches: { total: 0, byStatus: {}, expectedForms: 0, keyedForms: 0 },
  keyedNotInSample: 0,
};

beforeEach(() => use((ch) => fail('INTERNAL', `unexpected ${ch}`)));

describe('fieldwork formatting helpers', () => {
  it('formats rates as percentages with one decimal in the UI language, and null as the none sign', () => {
    expect(formatRate(0.32203, 'nl', '—')).toBe('32,2%');
    expect(formatRate(0.32203, 'en', '—')).toBe('32.2%');
    expect(formatRate(1, 'nl', '—')).toBe('100,0%');
    expect(formatRate(null, 'nl', '—')).toBe('—');
  });

  it('moves a batch only forward (steps may be skipped)', () => {
    expect(nextStatuses('received')).toEqual(['keying', 'keyed', 'verified', 'closed']);
    expect(nextStatuses('verified')).toEqual(['closed']);
    expect(nextStatuses('closed')).toEqual([]);
  });

  it('gives today as YYYY-MM-DD in local time', () => {
    expect(todayIso(new Date(2014, 4, 7, 23, 30))).toBe('2014-05-07');
  });

  it('names every rate formula after AAPOR, with e only in RR3/RR4', () => {
    expect(Object.keys(RATE_FORMULAS)).toEqual(['RR1', 'RR2', 'RR3', 'RR4', 'COOP1', 'REF1']);
    expect(RATE_FORMULAS.RR3).toContain('e·(UH+UO)');
    expect(RATE_FORMULAS.RR1).not.toContain('e·');
  });
});

describe('returns-per-day chart layout', () => {
  it('rounds the axis up to 1, 2 or 5 × 10^k', () => {
    expect([0, 1, 3, 4, 7, 12, 20, 21, 99, 101].map(niceMax)).toEqual([1, 1, 5, 5, 10, 20, 20, 50, 100, 200]);
  });

  it('stacks paper under web per day, scaled to the plot, with whole-number ticks', () => {
    const days = [
      { date: '2014-05-06', paper: 2, web: 0, unknown: 0, total: 2 },
      { date: '2014-05-07', paper: 3, web: 1, unknown: 0, total: 4 },
    ];
    const l = chartLayout(days, 400, 200);
    expect(l.max).toBe(5);
    expect(l.ticks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(l.bars).toHaveLength(2);
    const [a, b] = l.bars;
    expect(a!.segments.map((s) => s.mode)).toEqual(['paper']);
    expect(b!.segments.map((s) => s.mode)).toEqual(['paper', 'web']);
    const bottom = l.plot.top + l.plot.height;
    const paper = b!.segments[0]!;
    const web = b!.segments[1]!;
    expect(paper.y + paper.height).toBeCloseTo(bottom);
    expect(web.y + web.height).toBeCloseTo(paper.y);
    expect(paper.height / web.height).toBeCloseTo(3);
    expect(b!.x).toBeGreaterThan(a!.x + a!.width);
    expect(b!.x + b!.width).toBeLessThanOrEqual(l.plot.left + l.plot.width);
    for (const t of chartLayout(days.map((d) => ({ ...d, paper: d.paper * 9, total: d.total * 9 })), 400, 200).ticks) expect(Number.isInteger(t.value)).toBe(true);
  });

  it('lays out nothing for no days', () => {
    expect(chartLayout([], 400, 200).bars).toEqual([]);
  });
});

describe('fieldwork slice', () => {
  it('remembers the operator name in localStorage', () => {
    const mem = new Map<string, string>();
    (globalThis as { localStorage?: unknown }).localStorage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => mem.set(k, v) };
    try {
      const store = createAppStore();
      store.getState().setOperator('  Marieke ');
      expect(store.getState().operator).toBe('  Marieke ');
      expect(mem.get('veldwerk.operator')).toBe('Marieke');
      expect(createAppStore().getState().operator).toBe('Marieke');
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });

  it('loads sample size, batches, report and the code list; loads the code list once', async () => {
    use((ch) => {
      switch (ch) {
        case 'sample.list':
          return ok({ total: 60, rows: [] });
        case 'batch.list':
          return ok([]);
        case 'fieldwork.report':
          return ok(report);
        case 'disposition.codes':
          return ok([{ code: '1.1', outcome: 'I', nl: 'Volledig ingevuld', en: 'Complete' }]);
        default:
          return fail('INTERNAL', ch);
      }
    });
    const store = createAppStore();
    await store.getState().loadFieldwork();
    expect(store.getState().sampleTotal).toBe(60);
    expect(store.getState().report?.overall.rates.RR1).toBe(0.5);
    expect(store.getState().dispositionCodes).toHaveLength(1);
    expect(calls.find(([c]) => c === 'fieldwork.report')?.[1]).toEqual({ e: 'estimate' });
    await store.getState().loadFieldwork();
    expect(calls.filter(([c]) => c === 'disposition.codes')).toHaveLength(1);
  });

  it('sends a given e with the report request and resets per project', async () => {
    use((ch) => (ch === 'fieldwork.report' ? ok({ ...report, e: 0.5, eMethod: 'given' }) : fail('INTERNAL', ch)));
    const store = createAppStore();
    await store.getState().setEligibility(0.5);
    expect(calls).toEqual([['fieldwork.report', { e: 0.5 }]]);
    expect(store.getState().report?.eMethod).toBe('given');
    store.getState().selectBatch('B1');
    store.getState().resetFieldwork();
    expect(store.getState()).toMatchObject({ report: null, batches: null, selectedBatch: null, eligibility: 'estimate', sampleTotal: null });
  });

  it('puts a failed load into the shared error banner', async () => {
    use(() => fail('NO_PROJECT_OPEN', 'No project is open.'));
    const store = createAppStore();
    await store.getState().loadFieldwork();
    expect(store.getState().error).toMatchObject({ code: 'NO_PROJECT_OPEN', message: 'No project is open.' });
    expect(store.getState().fieldworkLoading).toBe(false);
  });
});

describe('returns-per-day summary text', () => {
  it('uses plurals for days and forms (nl and en), and the dates given (batch received dates)', async () => {
    const { default: i18next } = await import('i18next');
    const { default: nl } = await import('../../renderer/i18n/nl.json');
    const { default: en } = await import('../../renderer/i18n/en.json');
    const { returnsSummary } = await import('../../renderer/features/fieldwork/format');
    const tr = i18next.createInstance();
    await tr.init({ lng: 'nl', resources: { nl: { translation: nl }, en: { translation: en } }, interpolation: { escapeValue: false } });
    const t = (key: string, o: Record<string, unknown>) => tr.t(key, o as never) as unknown as string;
    const day = (date: string, paper: number, web: number) => ({ date, paper, web, unknown: 0, total: paper + web });
    expect(returnsSummary(t, [day('2014-03-10', 58, 0)], 'nl')).toBe('58 formulieren terug op 1 dag: 10 maart 2014.');
    expect(returnsSummary(t, [day('2014-03-10', 1, 0)], 'nl')).toBe('1 formulier terug op 1 dag: 10 maart 2014.');
    expect(returnsSummary(t, [day('2014-03-10', 2, 0), day('2014-03-12', 1, 3)], 'nl')).toBe('6 formulieren terug op 2 dagen, van 10 maart 2014 tot 12 maart 2014; de meeste op 12 maart 2014 (4).');
    await tr.changeLanguage('en');
    expect(returnsSummary(t, [day('2014-03-10', 1, 0)], 'en')).toBe('1 form returned on 1 day: March 10, 2014.');
    expect(returnsSummary(t, [day('2014-03-10', 1200, 0), day('2014-03-11', 1, 0)], 'en')).toBe('1,201 forms returned on 2 days, from March 10, 2014 to March 11, 2014; most on March 10, 2014 (1,200).');
  });
});
