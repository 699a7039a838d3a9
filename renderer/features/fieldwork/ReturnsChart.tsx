// Returns per day as an inline SVG stacked bar chart (paper, web), with a text summary and a table alternative.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chartLayout, formatNumber, returnsSummary, type DayReturns, type Translate } from './format';

const WIDTH = 760;
const HEIGHT = 220;

/** The chart of returns per day; the same numbers are available as a table (toggle) for screen readers and keyboard users. */
export function ReturnsChart({ days }: { days: readonly DayReturns[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const titleId = useId();
  const descId = useId();
  const [asTable, setAsTable] = useState(false);
  const dayFmt = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short' });
  const longFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'long' });
  const dateOf = (iso: string) => new Date(`${iso}T12:00:00`);
  if (days.length === 0) return <p className="fw-empty-line">{t('fieldwork.dashboard.noReturns')}</p>;

  const layout = chartLayout(days, WIDTH, HEIGHT);
  const hasUnknown = days.some((d) => d.unknown > 0);
  const labelEvery = Math.max(1, Math.ceil(days.length / 12));
  const summary = returnsSummary(t as unknown as Translate, days, lang);

  return (
    <figure className="fw-chart">
      <div className="fw-chart__head">
        <ul className="fw-legend" aria-hidden="true">
          <li><span className="fw-legend__swatch fw-bar--paper" />{t('fieldwork.mode.paper')}</li>
          <li><span className="fw-legend__swatch fw-bar--web" />{t('fieldwork.mode.web')}</li>
          {hasUnknown && <li><span className="fw-legend__swatch fw-bar--unknown" />{t('fieldwork.mode.unknown')}</li>}
        </ul>
        <button type="button" className="btn btn--secondary btn--small" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? t('fieldwork.dashboard.showChart') : t('fieldwork.dashboard.showTable')}
        </button>
      </div>
      {asTable ? (
        <div className="table-panel fw-table-scroll">
          <table className="table fw-table">
            <caption className="table__caption">{t('fieldwork.dashboard.perDayTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fieldwork.dashboard.date')}</th>
                <th scope="col" className="num">{t('fieldwork.mode.paper')}</th>
                <th scope="col" className="num">{t('fieldwork.mode.web')}</th>
                {hasUnknown && <th scope="col" className="num">{t('fieldwork.mode.unknown')}</th>}
                <th scope="col" className="num">{t('fieldwork.dashboard.total')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.date}>
                  <th scope="row" className="fw-rowhead">{longFmt.format(dateOf(d.date))}</th>
                  <td className="num">{d.paper}</td>
                  <td className="num">{d.web}</td>
                  {hasUnknown && <td className="num">{d.unknown}</td>}
                  <td className="num">{d.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <svg className="fw-chart__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMidYMid meet">
          <title id={titleId}>{t('fieldwork.dashboard.perDayTitle')}</title>
          <desc id={descId}>{summary}</desc>
          {layout.ticks.map((tick) => (
            <g key={tick.value} className="fw-chart__tick">
              <line x1={layout.plot.left} x2={layout.plot.left + layout.plot.width} y1={tick.y} y2={tick.y} />
              <text x={layout.plot.left - 8} y={tick.y} dy="0.32em" textAnchor="end">{formatNumber(tick.value, lang, 1)}</text>
            </g>
          ))}
          {layout.bars.map((bar, i) => (
            <g key={bar.date}>
              <title>{`${longFmt.format(dateOf(bar.date))}: ${bar.total} (${t('fieldwork.mode.paper')} ${days[i]?.paper ?? 0}, ${t('fieldwork.mode.web')} ${days[i]?.web ?? 0})`}</title>
              {bar.segments.map((s) => (
                <rect key={s.mode} className={`fw-bar--${s.mode}`} x={bar.x} y={s.y} width={bar.width} height={Math.max(0, s.height)} rx={2} />
              ))}
              {i % labelEvery === 0 && (
                <text className="fw-chart__label" x={bar.x + bar.width / 2} y={layout.plot.top + layout.plot.height + 18} textAnchor="middle">
                  {dayFmt.format(dateOf(bar.date))}
                </text>
              )}
            </g>
          ))}
          <line className="fw-chart__axis" x1={layout.plot.left} x2={layout.plot.left + layout.plot.width} y1={layout.plot.top + layout.plot.height} y2={layout.plot.top + layout.plot.height} />
        </svg>
      )}
      <figcaption className="fw-hint">{summary}</figcaption>
    </figure>
  );
}
