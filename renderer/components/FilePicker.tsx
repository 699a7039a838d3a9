// In-page file picker: answers dialog.openProject / dialog.saveProject / dialog.openFile / dialog.saveFile in the browser via files.list.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirListing } from '../../shared/contract/schemas';
import { invoke, toResultError } from '../api/client';
import { usePickRequest, type PickRequest } from '../api/pagePicker';
import { isAbsolutePath, resolveProjectPath, separatorOf } from './pathUtil';

/** Mounts the modal whenever a pick request is pending (browser host only). */
export function FilePickerHost() {
  const request = usePickRequest();
  return request ? <FilePickerDialog key={request.id} request={request} /> : null;
}

/** Resolves a typed file name against `dir`, adding the first extension unless it ends in one of them. */
function resolveFilePath(dir: string, typed: string, extensions: readonly string[]): string {
  const name = typed.trim();
  const first = extensions[0];
  const withExt = first === undefined || extensions.some((e) => name.toLowerCase().endsWith(`.${e}`)) ? name : `${name}.${first}`;
  if (isAbsolutePath(withExt)) return withExt;
  const sep = separatorOf(dir);
  return dir.endsWith(sep) ? `${dir}${withExt}` : `${dir}${sep}${withExt}`;
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
  const exts = request.extensions;
  const folderMode = request.mode === 'open' && request.folder === true;
  const [name, setName] = useState(request.mode === 'save' ? (request.defaultName ?? (exts ? '' : 'project.vwk')) : '');
  const resolvePath = (dir: string, typed: string) => (exts ? resolveFilePath(dir, typed, exts) : resolveProjectPath(dir, typed));
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);

  /** Lists `dir` (the host's default folder when undefined) and shows it. */
  const load = useCallback((dir?: string) => {
    return invoke('files.list', { ...(dir === undefined ? {} : { dir }), ...(exts ? { extensions: [...exts] } : {}) }).then(
      (l) => {
        setListing(l);
        setFolderInput(l.dir);
        setProblem(null);
      },
      (err: unknown) => setProblem(toResultError(err).message),
    ).finally(() => setLoading(false));
  }, [exts]);

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
    (nameRef.current ?? dialogRef.current?.querySelector<HTMLElement>('.picker__folder input'))?.focus();
    return () => opener?.focus();
  }, []);

  const cancel = () => request.resolve(null);
  const confirm = () => {
    if (!listing) return;
    if (folderMode) {
      request.resolve(listing.dir);
      return;
    }
    if (name.trim() === '') {
      setProblem(t('picker.nameRequired'));
      nameRef.current?.focus();
      return;
    }
    request.resolve(resolvePath(listing.dir, name));
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

  const fullPath = folderMode ? (listing?.dir ?? '') : listing && name.trim() !== '' ? resolvePath(listing.dir, name) : '';
  const kindLabel = (kind: DirListing['entries'][number]['kind']) =>
    kind === 'dir' ? t('picker.folderKind') : kind === 'file' ? t('picker.fileKind') : t('picker.projectKind');

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
          {request.title ?? (request.mode === 'open' ? t('picker.openTitle') : t('picker.saveTitle'))}
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
            <ul ref={listRef} aria-label={exts ? t('picker.listLabelFiles') : t('picker.listLabel')} onKeyDown={onListKey}>
              {listing.entries.map((entry) => (
                <li key={entry.path}>
                  <button
                    type="button"
                    className={`picker__entry picker__entry--${entry.kind}`}
                    aria-label={`${kindLabel(entry.kind)}: ${entry.name}`}
                    onClick={() => {
                      if (entry.kind === 'dir') void browse(entry.path);
                      else if (!folderMode) setName(entry.name);
                    }}
                    onDoubleClick={() => {
                      if (entry.kind !== 'dir' && !folderMode) request.resolve(entry.path);
                    }}
                  >
                    <span className="picker__icon" aria-hidden="true">{entry.kind === 'dir' ? '▸' : entry.kind === 'file' ? '▫' : '◆'}</span>
                    <span className="picker__name">{entry.name}</span>
                    <span className="picker__kind" aria-hidden="true">{kindLabel(entry.kind)}</span>
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
          {!folderMode && (
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
          )}
          <p id={`${titleId}-path`} className="picker__path muted">
            {folderMode ? t('picker.chosenFolder') : t('picker.path')}: <code>{fullPath || t('common.none')}</code>
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
              {folderMode ? t('picker.chooseFolder') : request.mode === 'open' ? t('picker.open') : t('picker.save')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

