// Backups dialog: a project's backups (time, size, newest first), restore one into the project or a new file after a confirmation, then open it (or show the reopened open project).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupEntry } from '../../../shared/contract/security';
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';
import { pickSaveLocation } from '../start/projectActions';
import { formatSize, useRestoreOffer, type RestoreOffer } from './restoreOffer';

/** Mounts the dialog while an offer is pending (see {@link useRestoreOffer}). */
export function BackupsDialogHost() {
  const offer = useRestoreOffer((s) => s.offer);
  return offer ? <BackupsDialog key={offer.path} offer={offer} /> : null;
}

type Step = 'choose' | 'confirm' | 'running';

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function BackupsDialog({ offer }: { offer: RestoreOffer }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const introId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const setOffer = useRestoreOffer((s) => s.setOffer);
  const locale = i18n.resolvedLanguage ?? 'nl';
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const [selected, setSelected] = useState<string | null>(offer.backups[0]?.path ?? null);
  const [target, setTarget] = useState<'same' | 'new'>('same');
  const [newPath, setNewPath] = useState<string | null>(null);
  const [step, setStep] = useState<Step>('choose');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    dialogRef.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [step]);

  const close = () => {
    if (step !== 'running') setOffer(null);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      if (step === 'confirm') setStep('choose');
      else close();
    }
  };

  const dateOf = (b: BackupEntry) => {
    if (!b.createdAt) return t('backups.unknownDate');
    const d = new Date(b.createdAt);
    return Number.isNaN(d.getTime()) ? b.createdAt : fmt.format(d);
  };
  const chosen = offer.backups.find((b) => b.path === selected) ?? null;
  const destination = target === 'same' ? offer.path : newPath;

  const chooseNew = async () => {
    const stem = baseName(offer.path).replace(/\.vwk$/i, '');
    const picked = await pickSaveLocation(`${stem}-${t('backups.restoredSuffix')}.vwk`);
    if (picked) {
      setNewPath(picked);
      setTarget('new');
    }
  };

  const restore = async () => {
    if (!chosen || !destination) return;
    setStep('running');
    setProblem(null);
    let reopened: boolean;
    try {
      ({ reopened } = await invoke('project.restoreBackup', { backup: chosen.path, path: destination }));
    } catch (err) {
      const e = toResultError(err);
      setProblem(`${e.message} (${t('common.errorCode', { code: e.code })})`);
      setStep('choose');
      return;
    }
    setOffer(null);
    const store = useAppStore.getState();
    store.setError(null);
    // Restored onto the open project, the backend has reopened it: drop the shell so every area loads the restored data.
    if (reopened) useAppStore.setState({ project: null });
    await store.openProject(destination);
  };

  return (
    <div className="modal-backdrop">
      <div ref={dialogRef} className="modal backups" role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={introId} onKeyDown={onKeyDown}>
        <h2 id={titleId} className="modal__title">
          {step === 'choose' ? t(offer.failure ? 'backups.failedTitle' : 'backups.title') : t('backups.confirmTitle')}
        </h2>
        {step === 'choose' ? (
          <>
            <div id={introId}>
              {offer.failure ? (
                <>
                  <p>{t('backups.failedIntro', { file: baseName(offer.path) })}</p>
                  <p className="backups__failure">
                    {offer.failure.message} <span className="muted">{t('common.errorCode', { code: offer.failure.code })}</span>
                  </p>
                </>
              ) : (
                <p>{t('backups.intro', { file: baseName(offer.path) })}</p>
              )}
            </div>
            {offer.backups.length === 0 ? (
              <p className="muted">{t('backups.empty')}</p>
            ) : (
              <div className="backups__list">
                <table className="table">
                  <caption className="table__caption">{t('backups.listCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col"><span className="visually-hidden">{t('backups.colChoose')}</span></th>
                      <th scope="col">{t('backups.colCreated')}</th>
                      <th scope="col">{t('backups.colSize')}</th>
                      <th scope="col">{t('backups.colFile')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {offer.backups.map((b) => (
                      <tr key={b.path} onClick={() => setSelected(b.path)}>
                        <td>
                          <input
                            type="radio"
                            name={`${titleId}-backup`}
                            checked={selected === b.path}
                            onChange={() => setSelected(b.path)}
                            aria-label={t('backups.pick', { date: dateOf(b), size: formatSize(b.sizeBytes, locale) })}
                          />
                        </td>
                        <td>{dateOf(b)}</td>
                        <td>{formatSize(b.sizeBytes, locale)}</td>
                        <td className="backups__file" title={b.path}>{b.name}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {offer.backups.length > 0 && (
              <fieldset className="backups__target">
                <legend>{t('backups.targetLegend')}</legend>
                <label className="backups__option">
                  <input type="radio" name={`${titleId}-target`} checked={target === 'same'} onChange={() => setTarget('same')} />
                  <span>{t('backups.targetSame', { file: baseName(offer.path) })}</span>
                </label>
                <div className="backups__option">
                  <label>
                    <input type="radio" name={`${titleId}-target`} checked={target === 'new'} disabled={!newPath} onChange={() => setTarget('new')} />
                    <span>{newPath ? t('backups.targetNewChosen', { path: newPath }) : t('backups.targetNew')}</span>
                  </label>
                  <button type="button" className="btn btn--secondary btn--small" onClick={() => void chooseNew()}>
                    {t('backups.chooseNew')}
                  </button>
                </div>
              </fieldset>
            )}
            {problem && <p className="backups__problem" role="alert">{problem}</p>}
            <div className="modal__actions">
              <button type="button" className="btn btn--secondary" onClick={close}>
                {t('common.close')}
              </button>
              {offer.backups.length > 0 && (
                <button type="button" className="btn btn--primary" disabled={!chosen || !destination} onClick={() => setStep('confirm')}>
                  {t('backups.restore')}
                </button>
              )}
            </div>
          </>
        ) : (
          <>
            <p id={introId}>
              {chosen && destination
                ? target === 'same'
                  ? t('backups.confirmSame', { file: destination, date: dateOf(chosen) })
                  : t('backups.confirmNew', { file: destination, date: dateOf(chosen) })
                : null}
            </p>
            <div className="modal__actions">
              <button type="button" className="btn btn--secondary" disabled={step === 'running'} onClick={() => setStep('choose')}>
                {t('backups.back')}
              </button>
              <button type="button" className="btn btn--primary" disabled={step === 'running'} onClick={() => void restore()}>
                {step === 'running' ? t('backups.restoring') : t('backups.confirm')}
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
