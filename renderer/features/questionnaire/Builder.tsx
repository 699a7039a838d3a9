// The questionnaire builder: outline of variables and groups (add, remove, reorder), an editor for the selected one, save.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { placedVariables, textIn, type Item, type Questionnaire } from '../../../shared/domain/questionnaire';
import { validateQuestionnaire } from '../../../shared/expr/check';
import { useAppStore } from '../../stores';
import { insertItem, itemAt, moveItem, newGroup, newVariable, outline, pruneLists, questionNumbers, removeItem, replaceItem, uniqueName, usedNames, type ItemPath } from './model';
import { GroupEditor, VariableEditor } from './VariableEditor';

/** The builder tab: edits the draft in the store and saves it through questionnaire.save. */
export function Builder() {
  const { t } = useTranslation();
  const draft = useAppStore((s) => s.qDraft);
  const dirty = useAppStore((s) => s.qDirty);
  const busy = useAppStore((s) => s.qBusy);
  const qState = useAppStore((s) => s.qState);
  const setDraft = useAppStore((s) => s.setDraft);
  const [selected, setSelected] = useState<ItemPath | null>(null);
  const problems = useMemo(() => (draft ? validateQuestionnaire(draft) : []), [draft]);
  if (!draft) return null;
  const q = draft;
  const rows = outline(q);
  const numbers = questionNumbers(q);
  const language = q.defaultLanguage;
  const selKey = selected?.join('.') ?? '';
  const selIndex = rows.findIndex((r) => r.path.join('.') === selKey);
  const current = selected ? itemAt(q, selected) : undefined;
  const errors = problems.filter((p) => p.severity === 'error');
  const problemsAt = (i: number) => problems.filter((p) => p.target.kind === 'item' && p.target.index === i);
  const listProblems = problems.filter((p) => p.target.kind !== 'item');
  const frozenSameLabel = qState?.frozen === true && qState.version === q.version.trim();

  const add = (kind: 'variable' | 'group') => {
    const taken = usedNames(q);
    const item: Item = kind === 'variable' ? { kind: 'variable', variable: newVariable(uniqueName('v', taken)) } : { kind: 'group', group: newGroup(uniqueName('g', taken)), items: [] };
    const inside = current?.kind === 'group' && kind === 'variable';
    const r = insertItem(q, selected, item, inside);
    setDraft(r.questionnaire);
    setSelected(r.path);
  };
  const remove = () => {
    if (!selected) return;
    setDraft(pruneLists(removeItem(q, selected)));
    const prev = rows[selIndex - 1];
    setSelected(prev ? prev.path : null);
  };
  const move = (delta: -1 | 1) => {
    if (!selected) return;
    const r = moveItem(q, selected, delta);
    setDraft(r.questionnaire);
    setSelected(r.path);
  };
  const setMeta = (patch: Partial<Pick<Questionnaire, 'title' | 'version' | 'id'>>) => setDraft({ ...q, ...patch });
  const position = (() => {
    if (selIndex < 0) return 0;
    const names = placedVariables(q).map((p) => p.variable.name);
    for (let i = selIndex; i < rows.length; i++) {
      const it = rows[i]!.item;
      if (it.kind === 'variable') return names.indexOf(it.variable.name);
    }
    return names.length;
  })();

  return (
    <div className="bld">
      <fieldset className="bld-meta">
        <legend className="visually-hidden">{t('questionnaire.builder.meta')}</legend>
        <label className="field">
          <span className="field__label">{t('questionnaire.builder.title')}</span>
          <input type="text" value={q.title} onChange={(e) => setMeta({ title: e.target.value })} />
        </label>
        <label className="field bld-meta__short">
          <span className="field__label">{t('questionnaire.builder.version')}</span>
          <input type="text" value={q.version} onChange={(e) => setMeta({ version: e.target.value })} aria-describedby={frozenSameLabel ? 'bld-frozen' : undefined} />
        </label>
        <label className="field bld-meta__short">
          <span className="field__label">{t('questionnaire.builder.formId')}</span>
          <input type="text" value={q.id} onChange={(e) => setMeta({ id: e.target.value })} spellCheck={false} />
        </label>
      </fieldset>
      {frozenSameLabel && dirty && (
        <p className="bld-frozen" id="bld-frozen">
          {t('questionnaire.builder.frozen', { version: qState.version, count: qState.caseCount })}
        </p>
      )}
      <div className="bld-main">
        <nav className="bld-outline" aria-label={t('questionnaire.builder.outline')}>
          <div className="bld-outline__actions">
            <button type="button" className="btn btn--secondary btn--small" onClick={() => add('variable')}>
              + {t('questionnaire.builder.addVariable')}
            </button>
            <button type="button" className="btn btn--secondary btn--small" onClick={() => add('group')}>
              + {t('questionnaire.builder.addGroup')}
            </button>
          </div>
          {rows.length === 0 ? (
            <p className="muted bld-outline__empty">{t('questionnaire.builder.noItems')}</p>
          ) : (
            <ol className="bld-outline__list">
              {rows.map((r, i) => {
                const key = r.path.join('.');
                const name = r.item.kind === 'variable' ? r.item.variable.name : r.item.group.name;
                const label = textIn(r.item.kind === 'variable' ? r.item.variable.label : r.item.group.label, language);
                const nProblems = problemsAt(i).filter((p) => p.severity === 'error').length;
                return (
                  <li key={key} style={{ paddingLeft: `${r.depth * 14}px` }}>
                    <button
                      type="button"
                      className={`bld-row bld-row--${r.item.kind}${key === selKey ? ' bld-row--selected' : ''}`}
                      aria-current={key === selKey ? 'true' : undefined}
                      onClick={() => setSelected(r.path)}
                    >
                      <span className="bld-row__num">{r.item.kind === 'variable' ? (numbers.get(name) ?? '·') : '§'}</span>
                      <code className="bld-row__name">{name}</code>
                      <span className="bld-row__label">{label}</span>
                      {nProblems > 0 && <span className="bld-row__err" aria-label={t('questionnaire.builder.errorsCount', { count: nProblems })}>{nProblems}</span>}
                    </button>
                  </li>
                );
              })}
            </ol>
          )}
        </nav>
        <section className="bld-editor" aria-label={t('questionnaire.builder.editor')}>
          {current && selected ? (
            <>
              <div className="bld-editor__bar">
                <button type="button" className="btn btn--secondary btn--small" onClick={() => move(-1)} aria-label={t('questionnaire.builder.moveUp')} title={t('questionnaire.builder.moveUp')}>
                  ↑
                </button>
                <button type="button" className="btn btn--secondary btn--small" onClick={() => move(1)} aria-label={t('questionnaire.builder.moveDown')} title={t('questionnaire.builder.moveDown')}>
                  ↓
                </button>
                <button type="button" className="btn btn--secondary btn--small bld-editor__remove" onClick={remove}>
                  {current.kind === 'variable' ? t('questionnaire.builder.removeVariable') : t('questionnaire.builder.removeGroup')}
                </button>
              </div>
              {current.kind === 'variable' ? (
                <VariableEditor
                  key={selKey}
                  q={q}
                  variable={current.variable}
                  position={position}
                  problems={problemsAt(selIndex)}
                  onChange={(v, nextQ) => setDraft(replaceItem(nextQ ?? q, selected, { kind: 'variable', variable: v }))}
                />
              ) : (
                <GroupEditor
                  key={selKey}
                  q={q}
                  group={current.group}
                  position={position}
                  problems={problemsAt(selIndex)}
                  onChange={(g) => setDraft(replaceItem(q, selected, { ...current, group: g }))}
                />
              )}
            </>
          ) : (
            <p className="muted bld-editor__empty">{t('questionnaire.builder.pick')}</p>
          )}
        </section>
      </div>
      {listProblems.length > 0 && (
        <ul className="bld-listproblems">
          {listProblems.map((p, i) => (
            <li key={i} className={`bld-problem bld-problem--${p.severity}`}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="bld-save" role="group" aria-label={t('questionnaire.builder.saveGroup')}>
        <span className={errors.length > 0 ? 'bld-save__status bld-save__status--error' : 'bld-save__status'} aria-live="polite">
          {errors.length > 0 ? t('questionnaire.builder.errorsTotal', { count: errors.length }) : dirty ? t('questionnaire.builder.unsaved') : t('questionnaire.builder.saved')}
        </span>
        <button type="button" className="btn btn--secondary" disabled={!dirty || busy} onClick={() => useAppStore.getState().discardDraft()}>
          {t('questionnaire.builder.discard')}
        </button>
        <button type="button" className="btn btn--primary" disabled={!dirty || busy} onClick={() => void useAppStore.getState().saveDraft()}>
          {t('questionnaire.builder.save')}
        </button>
      </div>
    </div>
  );
}
