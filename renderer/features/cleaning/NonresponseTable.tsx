// Item nonresponse of the last rule run: per variable on route, empty, missing code and the rate, highest first.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { findVariable, textIn } from '../../../shared/domain/questionnaire';
import { nonresponseRows } from './format';

/** A collapsible table of item nonresponse per variable (with its question text), after a rule run. */
export function NonresponseTable() {
  const { t, i18n } = useTranslation();
  const run = useAppStore((s) => s.cleaningRun);
  const q = useAppStore((s) => s.qState?.questionnaire);
  const [missingOnly, setMissingOnly] = useState(true);
  const lang = i18n.resolvedLanguage ?? 'nl';
  const nf = new Intl.NumberFormat(lang);
  const pct = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const rows = useMemo(() => nonresponseRows(run?.nonresponse ?? [], missingOnly), [run, missingOnly]);
  if (!run) return null;
  const labelOf = (name: string): string => {
    const v = q ? findVariable(q, name) : undefined;
    return v && q ? textIn(v.label, lang, q.defaultLanguage) : '';
  };
  return (
    <details className="cl-counts cl-nonresponse">
      <summary>{t('cleaning.nonresponse.title', { count: rows.length })}</summary>
      <label className="cl-nonresponse__only">
        <input type="checkbox" checked={missingOnly} onChange={(e) => setMissingOnly(e.target.checked)} /> {t('cleaning.nonresponse.missingOnly')}
      </label>
      {rows.length === 0 ? (
        <p className="muted">{t('cleaning.nonresponse.none')}</p>
      ) : (
        <div className="cl-counts__scroll">
          <table className="table cl-counts__table">
            <caption className="visually-hidden">{t('cleaning.nonresponse.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cleaning.nonresponse.variable')}</th>
                <th scope="col" className="num">{t('cleaning.nonresponse.onRoute')}</th>
                <th scope="col" className="num">{t('cleaning.nonresponse.systemMissing')}</th>
                <th scope="col" className="num">{t('cleaning.nonresponse.userMissing')}</th>
                <th scope="col" className="num">{t('cleaning.nonresponse.rate')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.variable}>
                  <th scope="row">
                    <code>{r.variable}</code>
                    {labelOf(r.variable) && <span className="muted cl-nonresponse__label"> {labelOf(r.variable)}</span>}
                  </th>
                  <td className="num">{nf.format(r.onRoute)}</td>
                  <td className="num">{nf.format(r.systemMissing)}</td>
                  <td className="num">{nf.format(r.userMissing)}</td>
                  <td className="num">{pct.format(r.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
