// In-page file picker: answers dialog.openProject / dialog.saveProject in the browser via files.list.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirListing } from '../../shared/contract/schemas';
import { invoke, toResultError } from '../api/client';
import { usePickRequest, type PickRequest } from '../api/pagePicker';
import { resolveProjectPath } from './pathUtil';

/** Mounts the modal whenever a pick request is pending (browser host only). */
export function FilePickerHost() {
  const request = usePickRequest();
  return request ? <FilePickerDialog key={request.id} request={request} /> : null;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

function FilePickerDialog({ request }: { request: PickRequest }) {
  const { t } = useTranslation();
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [listing, setListing] = useState<DirListing | null>(null);
  const [folderInput, setFolderInput] = useState('');
  const [name, setName] = useState(request.mode === 'save' ? (request.defaultName ?? 'project.vwk') : '');
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);

  /** Lists `dir` (the host's default folder when undefined) and shows it. */
  const load = useCallback((dir?: string) => {
    return invoke('files.list', dir === undefined ? {} : { dir }).then(
      (l) => {
        setListing(l);
        setFolderInput(l.dir);
        setProblem(null);
      },
      (err: unknown) => setProblem(toResultError(err).message),
    ).finally(() => setLoading(false));
  }, []);

  const browse = (dir?: string) => {
    setLoading(true);
    return load(dir);
  };

  useEffect(() => {
    void load();
  }, [load]);

  // Focus the file-name field on open; give focus back to whatever opened the picker on close.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    nameRef.current?.focus();
    return () => opener?.focus();
  }, []);

  const cancel = () => request.resolve(null);
  const confirm = () => {
    if (!listing) return;
    if (name.trim() === '') {
      setProblem(t('picker.nameRequired'));
      nameRef.current?.focus();
      return;
    }
    request.resolve(resolveProjectPath(listing.dir, name));
  };

  const onDialogKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    } else if (e.key === 'Tab' && dialogRef.current) {
      // keep focus inside the modal
      const items = Array.from(dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE));
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[e.key === 'ArrowDown' ? Math.min(buttons.length - 1, i + 1) : Math.max(0, i - 1)];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  const fullPath = listing && name.trim() !== '' ? resolveProjectPath(listing.dir, name) : '';

  return (
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        className="modal picker"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onDialogKey}
      >
        <h2 id={titleId} className="modal__title">
          {request.mode === 'open' ? t('picker.openTitle') : t('picker.saveTitle')}
        </h2>
        <form
          className="picker__folder"
          onSubmit={(e) => {
            e.preventDefault();
            void browse(folderInput);
          }}
        >
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={!listing?.parent}
            onClick={() => listing?.parent && void browse(listing.parent)}
            aria-label={t('picker.up')}
            title={t('picker.up')}
          >
            ↑
          </button>
          <label className="field field--inline picker__folder-field">
            <span className="field__label">{t('picker.folder')}</span>
            <input type="text" value={folderInput} onChange={(e) => setFolderInput(e.target.value)} spellCheck={false} />
          </label>
          <button type="submit" className="btn btn--secondary btn--small">
            {t('picker.goTo')}
          </button>
        </form>
        <div className="picker__list" aria-busy={loading}>
          {loading && !listing && <p className="muted">{t('picker.loading')}</p>}
          {listing && listing.entries.length === 0 && <p className="muted picker__empty">{t('picker.empty')}</p>}
          {listing && listing.entries.length > 0 && (
            <ul ref={listRef} aria-label={t('picker.listLabel')} onKeyDown={onListKey}>
              {listing.entries.map((entry) => (
                <li key={entry.path}>
                  <button
                    type="button"
                    className={`picker__entry picker__entry--${entry.kind}`}
                    aria-label={`${entry.kind === 'dir' ? t('picker.folderKind') : t('picker.projectKind')}: ${entry.name}`}
                    onClick={() => {
                      if (entry.kind === 'dir') void browse(entry.path);
                      else setName(entry.name);
                    }}
                    onDoubleClick={() => {
                      if (entry.kind === 'project') request.resolve(entry.path);
                    }}
                  >
                    <span className="picker__icon" aria-hidden="true">{entry.kind === 'dir' ? '▸' : '◆'}</span>
                    <span className="picker__name">{entry.name}</span>
                    <span className="picker__kind" aria-hidden="true">{entry.kind === 'dir' ? t('picker.folderKind') : t('picker.projectKind')}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <form
          className="picker__name-row"
          onSubmit={(e) => {
            e.preventDefault();
            confirm();
          }}
        >
          <label className="field">
            <span className="field__label">{t('picker.fileName')}</span>
            <input
              ref={nameRef}
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              spellCheck={false}
              aria-describedby={`${titleId}-path`}
            />
          </label>
          <p id={`${titleId}-path`} className="picker__path muted">
            {t('picker.path')}: <code>{fullPath || t('common.none')}</code>
          </p>
          {problem && (
            <p className="picker__problem" role="alert">
              {problem}
            </p>
          )}
          <div className="modal__actions">
            <button type="button" className="btn btn--secondary" onClick={cancel}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn--primary" disabled={!listing}>
              {request.mode === 'open' ? t('picker.open') : t('picker.save')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

