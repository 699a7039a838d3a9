// "Vergelijk versies": the codebook diff between two stored versions, or against another project or XLSForm.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, toResultError } from '../../api/client';
import type { Output } from '../../../shared/contract/api';
import type { ResultError } from '../../../shared/contract/result';
import type { QuestionnaireState } from '../../../shared/contract/questionnaire';
import './compare.css';

type Diff = Output<'questionnaire.diff'>;
type Change = Diff['changes'][number];
const KINDS = ['structural', 'logic', 'label'] as const;

/** Translation key suffix of a change's `what` ("code added" → "code_added"). */
const whatKey = (what: string): string => what.replace(/\s+/g, '_');

/**
 * Picks two versions of the project (default: the one before the newest, and the newest), or another
 * .vwk/XLSForm as the "from" side, and shows the changes grouped by kind with the overall classification.
 * Mounted with `key` = the newest version id, so a new version resets the defaults.
 */
export function CompareView({ state }: { state: QuestionnaireState }) {
  const { t } = useTranslation();
  const versions = state.versions;
  const newest = versions[versions.length - 1]?.versionId ?? state.versionId;
  const before = versions[versions.length - 2]?.versionId;
  const [from, setFrom] = useState<string>(before !== undefined ? String(before) : '');
  const [to, setTo] = useState<number>(newest);
  const [otherPath, setOtherPath] = useState<string | null>(null);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<ResultError | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (input: { fromVersionId?: number; toVersionId?: number; otherPath?: string }) => {
    setBusy(true);
    setError(null);
    try {
      setDiff(await invoke('questionnaire.diff', input));
    } catch (err) {
      setDiff(null);
      setError(toResultError(err));
    } finally {
      setBusy(false);
    }
  };

  const compare = () => {
    if (from === 'other' && otherPath) void run({ otherPath, toVersionId: to });
    else if (from !== '' && from !== 'other') void run({ fromVersionId: Number(from), toVersionId: to });
  };

  const browse = async (folder: boolean) => {
    try {
      const { path } = await invoke(
        'dialog.openFile',
        folder ? { folder: true, title: t('questionnaire.diff.pickFolderTitle') } : { extensions: ['vwk', 'xlsx'], title: t('questionnaire.diff.pickFileTitle') },
      );
      if (!path) return;
      setOtherPath(path);
      setFrom('other');
      await run({ otherPath: path, toVersionId: to });
    } catch (err) {
      setError(toResultError(err));
    }
  };

  const otherName = otherPath?.split(/[\\/]/).filter(Boolean).pop() ?? '';
  const canCompare = !busy && (from === 'other' ? otherPath !== null : from !== '');

  return (
    <section className="qd" aria-labelledby="qd-title">
      <h2 id="qd-title" className="qd__title">{t('questionnaire.diff.title')}</h2>
      <p className="qd__intro muted">{t('questionnaire.diff.intro')}</p>
      <div className="qd__pick">
        <label className="qd__field">
          <span>{t('questionnaire.diff.from')}</span>
          <select value={from} onChange={(e) => setFrom(e.target.value)} disabled={busy}>
            {from === '' && <option value="">{t('questionnaire.diff.choose')}</option>}
            {versions.map((v) => (
              <option key={v.versionId} value={String(v.versionId)}>
                {t('questionnaire.diff.versionOption', { version: v.version, date: new Date(v.createdAt).toLocaleDateString() })}
              </option>
            ))}
            {otherPath && <option value="other">{t('questionnaire.diff.otherOption', { name: otherName })}</option>}
          </select>
        </label>
        <span className="qd__arrow" aria-hidden="true">→</span>
        <label className="qd__field">
          <span>{t('questionnaire.diff.to')}</span>
          <select value={String(to)} onChange={(e) => setTo(Number(e.target.value))} disabled={busy}>
            {versions.map((v) => (
              <option key={v.versionId} value={String(v.versionId)}>
                {t('questionnaire.diff.versionOption', { version: v.version, date: new Date(v.createdAt).toLocaleDateString() })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn--primary" disabled={!canCompare} onClick={compare}>
          {t('questionnaire.diff.compare')}
        </button>
      </div>
      <div className="qd__other">
        <span className="muted">{t('questionnaire.diff.or')}</span>
        <button type="button" className="btn btn--secondary btn--small" disabled={busy} onClick={() => void browse(false)}>
          {t('questionnaire.diff.browseFile')}
        </button>
        <button type="button" className="btn btn--secondary btn--small" disabled={busy} onClick={() => void browse(true)}>
          {t('questionnaire.diff.browseFolder')}
        </button>
      </div>
      {versions.length < 2 && !diff && <p className="muted qd__hint">{t('questionnaire.diff.oneVersion')}</p>}
      {busy && <p className="muted" role="status">{t('questionnaire.diff.working')}</p>}
      {error && (
        <p className="qd__error" role="alert">
          {error.message}
        </p>
      )}
      {diff && !busy && <DiffResult diff={diff} />}
    </section>
  );
}

/** The classification and the changes in three groups (structural first, highlighted). */
function DiffResult({ diff }: { diff: Diff }) {
  const { t } = useTranslation();
  const groups = useMemo(() => KINDS.map((kind) => ({ kind, changes: diff.changes.filter((c) => c.kind === kind) })).filter((g) => g.changes.length > 0), [diff]);
  return (
    <div className="qd__result" aria-live="polite">
      <div className={`qd__summary qd__summary--${diff.classification}`} role="status">
        <p className="qd__sides">
          {t('questionnaire.diff.sides', { from: diff.from.label, to: diff.to.label })}
        </p>
        <p className="qd__class">
          <strong>{t(`questionnaire.diff.class.${diff.classification}`)}</strong>{' '}
          {diff.changes.length > 0 && (
            <span className="qd__counts">
              {groups.map((g) => t(`questionnaire.diff.count.${g.kind}`, { count: g.changes.length })).join(' · ')}
            </span>
          )}
        </p>
        <p className="qd__explain muted">{t(`questionnaire.diff.explain.${diff.classification}`)}</p>
      </div>
      {groups.map((g) => (
        <section key={g.kind} className={`qd__group qd__group--${g.kind}`} aria-labelledby={`qd-group-${g.kind}`} data-kind={g.kind}>
          <h3 id={`qd-group-${g.kind}`} className="qd__group-title">
            {t(`questionnaire.diff.kind.${g.kind}`)} <span className="qd__group-count">{g.changes.length}</span>
          </h3>
          <table className="table qd__table">
            <thead>
              <tr>
                <th scope="col">{t('questionnaire.diff.col.variable')}</th>
                <th scope="col">{t('questionnaire.diff.col.what')}</th>
                <th scope="col">{t('questionnaire.diff.col.before')}</th>
                <th scope="col">{t('questionnaire.diff.col.after')}</th>
              </tr>
            </thead>
            <tbody>
              {g.changes.map((c, i) => (
                <ChangeRow key={i} c={c} />
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

/** One change: variable, what changed (translated when known), before and after. */
function ChangeRow({ c }: { c: Change }) {
  const { t } = useTranslation();
  return (
    <tr title={c.message}>
      <td className="mono">{c.variable ?? '—'}</td>
      <td>{t(`questionnaire.diff.what.${whatKey(c.what)}`, { defaultValue: c.what })}</td>
      <td className="qd__before">{c.before ?? ''}</td>
      <td className="qd__after">{c.after ?? ''}</td>
    </tr>
  );
}
