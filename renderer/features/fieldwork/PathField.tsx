// A labelled file-path field with a "Bladeren…" button that asks the host for a file to open or a place to save.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';

/** Props of {@link PathField}. */
export interface PathFieldProps {
  label: string;
  value: string;
  onChange(path: string): void;
  /** 'open' picks an existing file (dialog.openFile), 'save' a file to write (dialog.saveFile). */
  mode: 'open' | 'save';
  /** Allowed extensions without a dot, e.g. ['csv', 'xlsx']; the first is the default for saving. */
  extensions: [string, ...string[]];
  /** Title of the picker dialog. */
  pickerTitle: string;
  defaultName?: string;
  hint?: string;
}

/** The path can be typed or pasted, or chosen with the host's picker (native in Electron, in-page in a browser). */
export function PathField({ label, value, onChange, mode, extensions, pickerTitle, defaultName, hint }: PathFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const browse = async () => {
    try {
      const { path } =
        mode === 'open'
          ? await invoke('dialog.openFile', { title: pickerTitle, extensions })
          : await invoke('dialog.saveFile', { title: pickerTitle, extensions, ...(defaultName ? { defaultName } : {}) });
      if (path) onChange(path);
    } catch (err) {
      useAppStore.getState().setError(toResultError(err));
    }
  };
  return (
    <div className="field fw-path">
      <label className="field__label" htmlFor={id}>{label}</label>
      <div className="fw-path__row">
        <input
          id={id}
          type="text"
          className="mono"
          value={value}
          spellCheck={false}
          autoComplete="off"
          placeholder={mode === 'open' ? t('fieldwork.path.placeholderOpen', { ext: extensions.join(', ') }) : t('fieldwork.path.placeholderSave')}
          {...(hint ? { 'aria-describedby': `${id}-hint` } : {})}
          onChange={(e) => onChange(e.target.value)}
        />
        <button type="button" className="btn btn--secondary" onClick={() => void browse()} aria-label={`${t('fieldwork.path.browse')} (${label})`}>
          {t('fieldwork.path.browse')}
        </button>
      </div>
      {hint && <p id={`${id}-hint`} className="fw-hint">{hint}</p>}
    </div>
  );
}
