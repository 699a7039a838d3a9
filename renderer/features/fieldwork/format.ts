// Pure helpers of the Veldwerk area: rate formatting, typed case-ID lists, batch status steps and the bar-chart layout.
import { BATCH_STATUSES } from '../../../shared/contract/fieldwork';

/** A batch status, in workflow order. */
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/**
 * Formats a rate (a proportion in [0, 1]) as a percentage with one decimal, or `none` when the rate is null
 * (an empty denominator).
 * @example formatRate(0.4567, 'nl', '—') → "45,7%"
 */
export function formatRate(rate: number | null, lang: string, none: string): string {
  if (rate === null || !Number.isFinite(rate)) return none;
  return new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

/** The AAPOR rates the dashboard shows. */
export type RateKey = 'RR1' | 'RR2' | 'RR3' | 'RR4' | 'COOP1' | 'REF1';

/** AAPOR Standard Definitions (2023, 10th ed.) formulas of the rates shown; notation, identical in every language. */
export const RATE_FORMULAS: Readonly<Record<RateKey, string>> = {
  RR1: 'I / ((I+P) + (R+NC+O) + (UH+UO))',
  RR2: '(I+P) / ((I+P) + (R+NC+O) + (UH+UO))',
  RR3: 'I / ((I+P) + (R+NC+O) + e·(UH+UO))',
  RR4: '(I+P) / ((I+P) + (R+NC+O) + e·(UH+UO))',
  COOP1: 'I / ((I+P) + R + O)',
  REF1: 'R / ((I+P) + (R+NC+O) + (UH+UO))',
};

/** Formats a number with the language's grouping and at most `digits` decimals. */
export function formatNumber(x: number, lang: string, digits = 0): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(x);
}

/** The statuses a batch may move to from `current` (forward only; steps may be skipped). */
export function nextStatuses(current: BatchStatus): BatchStatus[] {
  return BATCH_STATUSES.slice(BATCH_STATUSES.indexOf(current) + 1);
}

/** Today's date as YYYY-MM-DD in the local time zone. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** One day of returns as the dashboard gets it. */
export interface DayReturns {
  date: string;
  paper: number;
  web: number;
  unknown: number;
  total: number;
}

/** One stacked bar of the returns chart: its x position and one segment per mode (bottom to top). */
export interface Bar {
  date: string;
  x: number;
  width: number;
  total: number;
  segments: { mode: 'paper' | 'web' | 'unknown'; y: number; height: number; count: number }[];
}

/** The geometry of the returns-per-day chart, in SVG user units. */
export interface ChartLayout {
  bars: Bar[];
  /** Gridline values (0 … max) with their y position. */
  ticks: { value: number; y: number }[];
  max: number;
  plot: { left: number; top: number; width: number; height: number };
}

/** A "nice" axis maximum ≥ `x`: 1, 2 or 5 × 10^k (at least 1). */
export function niceMax(x: number): number {
  if (!(x > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/**
 * Lays out a stacked bar per day (paper, web, unknown from the bottom up) in a `width` × `height` box with room
 * on the left for axis labels and at the bottom for dates. Days without returns in between are not invented:
 * one bar per reported day, in the given order.
 */
export function chartLayout(days: readonly DayReturns[], width: number, height: number): ChartLayout {
  const plot = { left: 40, top: 12, width: Math.max(0, width - 52), height: Math.max(0, height - 44) };
  const max = niceMax(Math.max(0, ...days.map((d) => d.total)));
  const y = (v: number) => plot.top + plot.height - (v / max) * plot.height;
  const slot = days.length > 0 ? plot.width / days.length : plot.width;
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  const bars = days.map((d, i) => {
    let base = 0;
    const segments = (['paper', 'web', 'unknown'] as const)
      .filter((mode) => d[mode] > 0)
      .map((mode) => {
        const seg = { mode, y: y(base + d[mode]), height: (d[mode] / max) * plot.height, count: d[mode] };
        base += d[mode];
        return seg;
      });
    return { date: d.date, x: plot.left + i * slot + (slot - barWidth) / 2, width: barWidth, total: d.total, segments };
  });
  // 1·10^k → 5 steps, 2·10^k → 4, 5·10^k → 5: whole-number ticks for counts.
  const lead = max / 10 ** Math.floor(Math.log10(max));
  const steps = max <= 5 ? max : lead === 2 ? 4 : 5;
  const ticks = Array.from({ length: steps + 1 }, (_, i) => {
    const value = (max / steps) * i;
    return { value, y: y(value) };
  });
  return { bars, ticks, max, plot };
}

/** A translate function as returned by i18next (key and interpolation values, `count` selects the plural form). */
export type Translate = (key: string, options: Record<string, unknown>) => string;

/**
 * The text summary of the returns-per-day chart, with i18next plurals for the number of forms and of days
 * (keys fieldwork.dashboard.returnedForms_* and chartSummary_*).
 * @param days returns per day in date order (at least one); `date` is "YYYY-MM-DD" (a paper form's batch received date)
 * @param lang BCP 47 language for the numbers and dates
 */
export function returnsSummary(t: Translate, days: readonly DayReturns[], lang: string): string {
  const longFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'long' });
  const dateOf = (iso: string) => new Date(`${iso}T12:00:00`);
  const total = days.reduce((n, d) => n + d.total, 0);
  const peak = days.reduce((a, b) => (b.total > a.total ? b : a));
  return t('fieldwork.dashboard.chartSummary', {
    count: days.length,
    forms: t('fieldwork.dashboard.returnedForms', { count: total, n: formatNumber(total, lang) }),
    first: longFmt.format(dateOf(days[0]!.date)),
    last: longFmt.format(dateOf(days[days.length - 1]!.date)),
    peak: longFmt.format(dateOf(peak.date)),
    peakCount: formatNumber(peak.total, lang),
  });
}
