// The Weging area's main panel: define a scheme (group, method, margins, targets from a file or typed), run it, show diagnostics and estimates.
import { cloneElement, useCallback, useEffect, useId, useMemo, useRef, useState, type CSSProperties, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { invoke, toResultError } from '../../api/client';
import type { ResultError } from '../../../shared/contract/result';
import type { Output } from '../../../shared/contract/api';
import type { SchemeDefinition, SchemeDefinitionInput, SchemeMargin, SchemeStaleness, WeightingDiagnostics } from '../../../shared/contract/weighting';
import { DomainError } from '../../../shared/domain/errors';
import { parseTargetsTable } from '../../../shared/weighting/targetsFile';
import { weightingWarnings, WEIGHTING_MAX_WEIGHT_FACTOR, WEIGHTING_MIN_CELL_N } from '../../../shared/weighting/diagnostics';
import { isSmallCell } from '../../../shared/export/frequencies';
import { DEFAULT_MIN_N } from '../../../shared/export/tables';
import { useAppStore } from '../../stores';
import { WeightChart } from './WeightChart';
import { weightNameProblems } from './weightNameText';

type Method = 'rake' | 'poststratify' | 'linear';
type Targets = Output<'weighting.targetsFromFile'>;
type Estimate = Output<'weighting.estimate'>;

const selectStyle: CSSProperties = { font: 'inherit', padding: '7px 10px', border: '1px solid var(--border-strong)', borderRadius: 'var(--radius)', background: 'var(--surface)' };
/** A select as wide as its longest option (never wider than its row), so no option text is cut off. */
const fitSelect: CSSProperties = { ...selectStyle, width: 'auto', maxWidth: '100%', alignSelf: 'flex-start' };
const grid: CSSProperties = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(210px, 1fr))', gap: 12 };
const num: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap' };
/** Header of a numeric column whose words may wrap (keeps the estimate tables within the card). */
const numHead: CSSProperties = { textAlign: 'right', verticalAlign: 'bottom' };

/**
 * A labelled form field: the label names the control by `htmlFor` (screen readers and Playwright find it by its label).
 * `wide`: the field takes a whole row of the form grid (for a select whose options are longer than a grid column).
 * `error`: a problem with the value, shown under the control instead of the hint (the control marked invalid).
 */
function Field({ label, children, hint, wide, error }: { label: string; children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>; hint?: string; wide?: boolean; error?: string | undefined }) {
  const id = useId();
  const note = error ?? hint;
  return (
    <div className="field" {...(wide ? { style: { gridColumn: '1 / -1' } } : {})}>
      <label className="field__label" htmlFor={id}>{label}</label>
      {cloneElement(children, { id, ...(note ? { 'aria-describedby': `${id}-hint` } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
      {error ? <span id={`${id}-hint`} className="cl-field__error">{error}</span> : hint && <span id={`${id}-hint`} className="muted" style={{ fontSize: '0.8rem' }}>{hint}</span>}
    </div>
  );
}

/**
 * Shows an error from the backend (or a local refusal) with its located issues; a row is said in the UI language
 * ("rij 3" / "row 3"), or as a line of the typed totals when `typed` ("regel 1" / "line 1", counted as the user sees them).
 */
function Problem({ error, typed = false }: { error: ResultError; typed?: boolean }) {
  const { t } = useTranslation();
  const where = (row: number) => (typed ? t('weighting.typedLine', { line: row }) : t('weighting.fileRow', { row }));
  const text = (i: NonNullable<ResultError['issues']>[number]) => targetsProblemText(t, i, typed);
  // Where an issue is (file, row, column), followed by ": " whenever there is anything to say.
  const located = (i: NonNullable<ResultError['issues']>[number]) => {
    const at = [i.file, i.row !== undefined ? where(i.row) : null, i.column].filter(Boolean).join(', ');
    return at === '' ? '' : `${at}: `;
  };
  return (
    <div className="error-banner" role="alert">
      <div className="error-banner__body">
        <p className="error-banner__title">{error.message}</p>
        <p className="error-banner__code">{t('common.errorCode', { code: error.code })}</p>
        {error.issues && error.issues.length > 1 && (
          <ul className="error-banner__issues">
            {error.issues.slice(0, 12).map((i, k) => (
              <li key={k}>{located(i)}{text(i)}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/**
 * A targets problem in the UI language: an issue with reason `weighting.targets.<kind>` (shared/weighting/targetsFile)
 * worded by `weighting.targetsProblem.<kind>` with its params (a duplicate's earlier row said as a row, or as a typed
 * line); any other issue keeps its message.
 */
function targetsProblemText(t: TFunction, i: NonNullable<ResultError['issues']>[number], typed: boolean): string {
  const kind = i.reason?.startsWith('weighting.targets.') ? i.reason.slice('weighting.targets.'.length) : null;
  if (kind === null) return i.message;
  const p = i.params ?? {};
  const where = typeof p.row === 'number' ? (typed ? t('weighting.typedLine', { line: p.row }) : t('weighting.fileRow', { row: p.row })) : '';
  return t(`weighting.targetsProblem.${kind}`, { ...p, where, defaultValue: i.message });
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** Formats a small deviation as "2,8 × 10⁻¹¹" with the locale's decimal sign (0 stays "0"). */
function sci(x: number, lang: string): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const [m, e] = x.toExponential(1).split('e');
  const mant = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(m));
  return `${mant} × 10${[...String(Number(e))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** Margins of the chosen group of a targets set, as scheme margins. */
function marginsOf(t: Targets, group: string | null): { name: string; margin: SchemeMargin; kind: 'count' | 'percent' }[] {
  return t.margins
    .filter((m) => group === null || m.group === group)
    .map((m) => ({ name: m.variable, kind: m.kind, margin: { variables: m.variables, categories: m.categories.map((c) => ({ codes: c.codes, value: c.value, label: c.label })) } }));
}

/** The Weging panel. */
export function WeightingPanel() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const nf = useMemo(() => new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }), [lang]);
  const nf4 = useMemo(() => new Intl.NumberFormat(lang, { minimumFractionDigits: 4, maximumFractionDigits: 4 }), [lang]);
  const pf = useMemo(() => new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }), [lang]);
  const formId = useId();

  const [schemes, setSchemes] = useState<Output<'weighting.listSchemes'>>([]);
  const [name, setName] = useState('medewerkers');
  /** Whether the user has typed a scheme name (then the list's spelling never replaces it). */
  const nameTyped = useRef(false);
  const [method, setMethod] = useState<Method>('rake');
  const [groupVar, setGroupVar] = useState('groep');
  const [groupCodes, setGroupCodes] = useState('2');
  const [weightVar, setWeightVar] = useState('w_mw');
  const [weightVarN, setWeightVarN] = useState('w_mw_n');
  const [base, setBase] = useState<'none' | 'design'>('none');
  const [path, setPath] = useState('');
  const [typed, setTyped] = useState('');
  const [targets, setTargets] = useState<Targets | null>(null);
  const [fileGroup, setFileGroup] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ResultError | null>(null);
  /** Whether `error` is about the typed totals (its rows are typed lines). */
  const [typedError, setTypedError] = useState(false);
  const [diag, setDiag] = useState<WeightingDiagnostics | null>(null);
  /**
   * The saved scheme last picked and the targets set made from it: saving keeps every field the form does not edit
   * (description, population total, tolerance, iterations, trimming, labels) and, while its targets are not replaced by
   * a file or typed totals, its targets source — so an unchanged scheme is saved unchanged and keeps its run.
   */
  const [picked, setPicked] = useState<{ def: SchemeDefinition; targets: Targets } | null>(null);

  const refreshList = useCallback(async () => {
    try {
      setSchemes(await invoke('weighting.listSchemes', {}));
    } catch (e) {
      setError(toResultError(e));
    }
  }, []);
  useEffect(() => {
    let live = true;
    invoke('weighting.listSchemes', {}).then((l) => {
      if (!live) return;
      setSchemes(l);
      // The form's suggested name is that of a saved scheme in other letter case (the example's "Medewerkers"): take
      // the saved spelling, so the form offers to change that scheme instead of opening with two refusals. A name the
      // user typed is never changed.
      if (!nameTyped.current) setName((n) => l.find((s) => s.name.toLowerCase() === n.trim().toLowerCase())?.name ?? n);
    }, (e: unknown) => live && setError(toResultError(e)));
    return () => {
      live = false;
    };
  }, []);

  const available = useMemo(() => (targets ? marginsOf(targets, fileGroup) : []), [targets, fileGroup]);

  // The weight variable names against the export's other columns (as saveScheme checks them), while typing.
  const q = useAppStore((s) => s.qState?.questionnaire);
  const qLoaded = useAppStore((s) => s.qState !== undefined);
  const derived = useAppStore((s) => s.cleaningDerived);
  const operator = useAppStore((s) => s.operator);
  useEffect(() => {
    if (!qLoaded) void useAppStore.getState().loadQuestionnaire();
  }, [qLoaded]);
  useEffect(() => {
    if (derived === null) void useAppStore.getState().loadDerived();
  }, [derived]);
  const nameProblems = useMemo(() => weightNameProblems(t, { name: name.trim(), weightVariable: weightVar.trim() || null, weightVariableN: weightVarN.trim() || null }, {
    questionnaire: q ?? undefined,
    derived: (derived ?? []).map((d) => d.name),
    weights: schemes.flatMap((s) => [s.weightVariable, s.weightVariableN].filter((w): w is string => w !== null && w !== '').map((w) => ({ name: w, scheme: s.name }))),
  }), [t, name, weightVar, weightVarN, q, derived, schemes]);

  // Saving under a saved scheme's name changes that scheme; a name differing from one only in letter case is refused.
  const twin = schemes.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
  const nameError = twin && twin.name !== name.trim() ? t('weighting.schemeName.case', { existing: twin.name }) : undefined;
  const nameHint = twin && twin.name === name.trim() ? t('weighting.schemeName.replaces', { name: twin.name }) : undefined;

  const applyTargets = (tg: Targets) => {
    setTargets(tg);
    const g = tg.groups[0] ?? null;
    setFileGroup(g);
    setChosen(marginsOf(tg, g).map((m) => m.name).slice(0, 2));
    setValues({});
  };

  const loadFile = async () => {
    setError(null);
    setTypedError(false);
    setBusy(true);
    try {
      applyTargets(await invoke('weighting.targetsFromFile', { path: path.trim() }));
    } catch (e) {
      setError(toResultError(e));
    } finally {
      setBusy(false);
    }
  };

  const loadTyped = () => {
    setError(null);
    setTypedError(false);
    // Line 1 is the first typed line (there is no header line to count); empty lines keep their number.
    const lines = typed.split(/\r?\n/).map((l, k) => ({ row: k + 1, cells: l.split(/[;,\t]/) })).filter((r) => r.cells.some((c) => c.trim() !== ''));
    try {
      const parsed = parseTargetsTable({ file: t('weighting.typedFile'), header: ['variable', 'category_code', 'population_count'], rows: lines });
      applyTargets({ ...parsed, sha256: '' });
    } catch (e) {
      if (!(e instanceof DomainError)) {
        setError(toResultError(e));
        return;
      }
      // The problems located by typed line and column, in the UI language (the file name would only repeat "typed totals").
      const column = (c: string | undefined) => (c === undefined ? null : t(`weighting.typedColumns.${c}`, { defaultValue: c }));
      const issues = e.issues.map(({ file: _f, ...i }) => ({ ...i, ...(i.column !== undefined ? { column: column(i.column) ?? i.column } : {}) }));
      const one = issues.length === 1 ? issues[0]! : null;
      const message = one
        ? `${[one.row !== undefined ? t('weighting.typedLine', { line: one.row }) : null, one.column].filter(Boolean).join(', ')}: ${targetsProblemText(t, one, true)}`
        : t('weighting.typedProblems', { count: issues.length });
      setTypedError(true);
      setError({ code: e.code, message, issues });
    }
  };

  const pickScheme = async (schemeName: string) => {
    setError(null);
    setTypedError(false);
    try {
      const [def, result] = await Promise.all([invoke('weighting.getScheme', { name: schemeName }), invoke('weighting.result', { name: schemeName })]);
      setName(def.name);
      setMethod(def.method);
      setGroupVar(def.group?.variable ?? '');
      setGroupCodes(def.group?.codes.join(', ') ?? '');
      setWeightVar(def.weightVariable ?? '');
      setWeightVarN(def.weightVariableN ?? '');
      setBase(def.baseWeights);
      // The saved scheme's targets as a targets set: one row per target category, as a long targets file has.
      const fromScheme: Targets = {
        file: def.targetsSource?.file ?? def.name, sheet: null, sha256: def.targetsSource?.sha256 ?? '',
        rows: def.margins.reduce((n, m) => n + m.categories.length, 0), groups: [], notes: [],
        margins: def.margins.map((m) => ({
          group: null, variable: m.variables.join('*'), variables: m.variables, kind: def.targetsKind, total: m.categories.reduce((s, c) => s + c.value, 0),
          categories: m.categories.map((c) => ({ code: c.codes.join('*'), codes: c.codes, label: c.label ?? null, value: c.value, row: 0 })),
        })),
      };
      setTargets(fromScheme);
      setPicked({ def, targets: fromScheme });
      setFileGroup(null);
      setChosen(fromScheme.margins.map((m) => m.variable));
      setValues({});
      setDiag(result);
    } catch (e) {
      setError(toResultError(e));
    }
  };

  const valueKey = (margin: string, code: string) => `${margin}|${code}`;

  const saveAndRun = async () => {
    setError(null);
    setTypedError(false);
    const clashes = [nameError, nameProblems.weightVariable, nameProblems.weightVariableN].filter((x): x is string => x !== undefined);
    if (clashes.length > 0) {
      setError({ code: 'WEIGHTING_INPUT', message: clashes.join(' ') });
      return;
    }
    const selected = available.filter((m) => chosen.includes(m.name));
    if (selected.length === 0) {
      setError({ code: 'INVALID_INPUT', message: t('weighting.noMargins') });
      return;
    }
    const margins = selected.map((m) => ({
      variables: m.margin.variables,
      categories: m.margin.categories.map(({ label, ...c }) => {
        const typedValue = values[valueKey(m.name, c.codes.join('*'))];
        // A category without a label has none (no `label: null`), as the saved scheme has it.
        return { ...c, ...(label != null ? { label } : {}), value: typedValue !== undefined && typedValue.trim() !== '' ? Number(typedValue.replace(',', '.')) : c.value };
      }),
    }));
    const codes = groupCodes.split(/[\s,;]+/).filter((x) => x !== '').map(Number);
    // The picked scheme's fields the form does not edit stay as they are; its targets source while its targets are used.
    const kept = picked?.def;
    const fromPicked = picked !== null && targets === picked.targets;
    const scheme: SchemeDefinitionInput = {
      ...(kept ?? {}),
      name: name.trim(),
      method,
      group: groupVar.trim() !== '' && codes.length > 0 ? { variable: groupVar.trim(), codes } : null,
      margins,
      targetsKind: selected[0]!.kind,
      baseWeights: base,
      weightVariable: weightVar.trim() || null,
      weightVariableN: weightVarN.trim() || null,
      targetsSource: fromPicked ? kept!.targetsSource : targets && targets.sha256 ? { file: targets.file, sha256: targets.sha256, group: fileGroup } : null,
    };
    // The session's operator (as the other screens send it); without one the backend records the host.
    const who = operator.trim() !== '' ? { operator: operator.trim() } : {};
    setBusy(true);
    try {
      await invoke('weighting.saveScheme', { scheme, ...who });
      setDiag(await invoke('weighting.run', { name: scheme.name, ...who }));
      await refreshList();
    } catch (e) {
      setError(toResultError(e));
      // A refused run keeps the scheme's earlier weights; the list shows them out of date when the scheme changed.
      await refreshList();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <section className="card" aria-labelledby={`${formId}-title`}>
        <h2 id={`${formId}-title`} className="card__title">{t('weighting.schemeTitle')}</h2>
        <div className="stack">
          {schemes.length > 0 && (
            <div className="button-row" role="group" aria-label={t('weighting.savedSchemes')}>
              <span className="field__label" style={{ alignSelf: 'center' }}>{t('weighting.savedSchemes')}:</span>
              {schemes.map((s) => (
                <button key={s.name} type="button" className="btn btn--secondary btn--small" onClick={() => void pickScheme(s.name)}>
                  {s.name} <span className="muted">({t(`weighting.methods.${s.method}`)}{s.lastRun ? `, n = ${s.lastRun.weighted}` : ''})</span>
                  {s.missingVariables.length > 0 ? <> <span className="badge badge--warn">{t('weighting.gone.badge')}</span></>
                    : s.lastRun?.staleness?.stale && <> <span className="badge badge--warn">{t('weighting.stale.badge')}</span></>}
                </button>
              ))}
            </div>
          )}
          {schemes.map((s) => (s.missingVariables.length > 0 ? <GoneNotice key={s.name} name={s.name} variables={s.missingVariables} />
            : s.lastRun?.staleness?.stale ? <StaleNotice key={s.name} st={s.lastRun.staleness} /> : null))}
          <div style={grid}>
            <Field label={t('weighting.name')} hint={nameHint} error={nameError}><input value={name} onChange={(e) => {
              nameTyped.current = true;
              setName(e.target.value);
            }} /></Field>
            <Field label={t('weighting.method')}>
              <select style={selectStyle} value={method} onChange={(e) => setMethod(e.target.value as Method)}>
                <option value="rake">{t('weighting.methods.rake')}</option>
                <option value="poststratify">{t('weighting.methods.poststratify')}</option>
                <option value="linear">{t('weighting.methods.linear')}</option>
              </select>
            </Field>
            <Field label={t('weighting.groupVariable')}><input value={groupVar} onChange={(e) => setGroupVar(e.target.value)} /></Field>
            <Field label={t('weighting.groupCodes')} hint={t('weighting.groupHint')}><input value={groupCodes} onChange={(e) => setGroupCodes(e.target.value)} /></Field>
            <Field label={t('weighting.weightVariable')} error={nameProblems.weightVariable}><input value={weightVar} onChange={(e) => setWeightVar(e.target.value)} /></Field>
            <Field label={t('weighting.weightVariableN')} error={nameProblems.weightVariableN}><input value={weightVarN} onChange={(e) => setWeightVarN(e.target.value)} /></Field>
            <Field label={t('weighting.baseWeights')} wide>
              <select style={fitSelect} value={base} onChange={(e) => setBase(e.target.value as 'none' | 'design')}>
                <option value="none">{t('weighting.base.none')}</option>
                <option value="design">{t('weighting.base.design')}</option>
              </select>
            </Field>
          </div>

          <h3 className="section-title">{t('weighting.targetsTitle')}</h3>
          <div style={{ display: 'flex', gap: 8, alignItems: 'flex-end', flexWrap: 'wrap' }}>
            <div style={{ flex: '1 1 320px' }}>
              <Field label={t('weighting.targetsFile')}><input value={path} onChange={(e) => setPath(e.target.value)} placeholder="…/population-2014.csv" /></Field>
            </div>
            <button type="button" className="btn btn--secondary" disabled={busy || path.trim() === ''} onClick={() => void loadFile()}>{t('weighting.load')}</button>
          </div>
          <details>
            <summary>{t('weighting.typedSummary')}</summary>
            <div className="stack" style={{ marginTop: 8 }}>
              <Field label={t('weighting.typed')} hint={t('weighting.typedHint')}>
                <textarea rows={5} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ font: 'inherit', fontFamily: 'monospace', padding: 8 }} />
              </Field>
              <div><button type="button" className="btn btn--secondary btn--small" onClick={loadTyped}>{t('weighting.useTyped')}</button></div>
            </div>
          </details>

          {targets && (
            <div className="stack">
              <p className="muted">{t('weighting.loaded', { file: targets.file, rows: targets.rows, margins: targets.margins.length })}</p>
              {targets.notes.map((n) => <p key={n} className="muted">{n}</p>)}
              {targets.groups.length > 0 && (
                <Field label={t('weighting.fileGroup')}>
                  <select style={selectStyle} value={fileGroup ?? ''} onChange={(e) => {
                    setFileGroup(e.target.value);
                    setChosen(marginsOf(targets, e.target.value).map((m) => m.name).slice(0, 2));
                  }}>
                    {targets.groups.map((g) => <option key={g} value={g}>{g}</option>)}
                  </select>
                </Field>
              )}
              <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
                <legend className="field__label">{t('weighting.margins')}</legend>
                <div className="button-row">
                  {available.map((m) => (
                    <label key={m.name} className="field--inline" style={{ display: 'inline-flex' }}>
                      <input type="checkbox" checked={chosen.includes(m.name)} onChange={(e) => setChosen(e.target.checked ? [...chosen, m.name] : chosen.filter((x) => x !== m.name))} />
                      {t('weighting.marginOption', { name: m.name, count: m.margin.categories.length })}
                    </label>
                  ))}
                </div>
              </fieldset>
              {available.filter((m) => chosen.includes(m.name)).map((m) => (
                <details key={m.name}>
                  <summary>{t('weighting.editTargets', { name: m.name })}</summary>
                  <table className="table" aria-label={t('weighting.editTargets', { name: m.name })}>
                    <thead><tr><th>{t('weighting.category')}</th><th>{t('weighting.label')}</th><th style={num}>{m.kind === 'percent' ? t('weighting.percent') : t('weighting.target')}</th></tr></thead>
                    <tbody>
                      {m.margin.categories.map((c) => {
                        const code = c.codes.join('*');
                        return (
                          <tr key={code}>
                            <td>{code}</td>
                            <td>{c.label ?? ''}</td>
                            <td style={num}>
                              <input aria-label={t('weighting.targetFor', { name: m.name, code })} style={{ width: 110, textAlign: 'right' }} inputMode="decimal"
                                value={values[valueKey(m.name, code)] ?? String(c.value)} onChange={(e) => setValues({ ...values, [valueKey(m.name, code)]: e.target.value })} />
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </details>
              ))}
            </div>
          )}
          <div className="button-row">
            <button type="button" className="btn btn--primary" disabled={busy || !targets} onClick={() => void saveAndRun()} aria-busy={busy}>
              {busy ? t('weighting.running') : t('weighting.saveRun')}
            </button>
          </div>
          {error && <Problem error={error} typed={typedError} />}
        </div>
      </section>
      {diag && <Diagnostics d={diag} nf={nf} nf4={nf4} pf={pf} />}
    </div>
  );
}

/**
 * Says that a scheme weights by variables that no longer exist (weighting.listSchemes' missingVariables: e.g. a
 * derived variable deleted before such deletes were refused): it cannot be run, its old weights cannot be reproduced.
 */
function GoneNotice({ name, variables }: { name: string; variables: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <section className="fw-alert fw-alert--warn" style={{ display: 'block' }} role="status" aria-label={t('weighting.gone.title', { name })}>
      <h3 className="card__title" style={{ marginBottom: 4 }}>{t('weighting.gone.title', { name })}</h3>
      <p style={{ margin: 0 }}>{t('weighting.gone.text', { variables: variables.join(', '), count: variables.length })}</p>
      <p style={{ margin: 0 }}>{t('weighting.gone.advice')}</p>
    </section>
  );
}

/**
 * Says that a scheme's stored weights are out of date (the data changed since its run; weighting.listSchemes'
 * staleness) and what changed, counted: the scheme's definition, cases newly weighted, cases no longer weighted, cases
 * with a changed weighting variable (per variable).
 */
function StaleNotice({ st }: { st: SchemeStaleness }) {
  const { t, i18n } = useTranslation();
  const when = new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'nl', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(st.ranAt));
  const changes = [
    st.definitionChanged ? t('weighting.stale.definition') : null,
    st.casesAdded ? t('weighting.stale.added', { count: st.casesAdded }) : null,
    st.casesRemoved ? t('weighting.stale.removed', { count: st.casesRemoved }) : null,
    st.valuesChanged ? t('weighting.stale.changed', { count: st.valuesChanged, variables: st.changedVariables.map((v) => t('weighting.stale.variableCount', { variable: v.variable, count: v.cases })).join(', ') }) : null,
    // A run stored before this version: which values changed is not known.
    st.valuesChanged === null ? t('weighting.stale.unknown') : null,
  ].filter((x): x is string => x !== null);
  return (
    <section className="fw-alert fw-alert--warn" style={{ display: 'block' }} role="status" aria-label={t('weighting.stale.title', { name: st.scheme })}>
      <h3 className="card__title" style={{ marginBottom: 4 }}>{t('weighting.stale.title', { name: st.scheme })}</h3>
      <p style={{ margin: 0 }}>{t(st.definitionChanged ? 'weighting.stale.textScheme' : 'weighting.stale.text', { ranAt: when })}</p>
      <ul style={{ margin: '4px 0' }}>{changes.map((c) => <li key={c}>{c}</li>)}</ul>
      <p style={{ margin: 0 }}>{t('weighting.stale.advice')}</p>
    </section>
  );
}

/** The diagnostics of a run: figures, achieved vs target, weight summary, histogram, largest weights, estimates. */
function Diagnostics({ d, nf, nf4, pf }: { d: WeightingDiagnostics; nf: Intl.NumberFormat; nf4: Intl.NumberFormat; pf: Intl.NumberFormat }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const id = useId();
  const s = d.summary;
  const figures: [string, string][] = [
    [t('weighting.weighted'), nf.format(d.cases.weighted)],
    [t('weighting.iterations'), String(d.iterations)],
    [t('weighting.maxDeviation'), sci(d.maxRelDeviation, lang)],
    [t('weighting.deff'), nf4.format(s.kishDeff)],
    [t('weighting.effectiveN'), nf.format(s.effectiveN)],
    [t('weighting.cv'), nf4.format(s.cv)],
  ];
  return (
    <section className="stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">{t('weighting.diagnosticsTitle', { name: d.scheme })}</h2>
      <p className="muted">
        {t('weighting.leftOut', { excluded: d.cases.excluded, open: d.cases.notComplete, outside: d.cases.outsideGroup })}{' '}
        {t('weighting.hashes', { input: d.inputHash.slice(0, 12), weights: d.weightsHash.slice(0, 12) })}
      </p>
      <dl className="figures" aria-label={t('weighting.figures')}>
        {figures.map(([label, value]) => (
          <div key={label} className="figure"><dt className="figure__label">{label}</dt><dd className="figure__value">{value}</dd></div>
        ))}
      </dl>
      <WeightingWarnings d={d} nf={nf} />
      <div className="table-panel">
        <table className="table">
          <caption className="table__caption">{t('weighting.achievedTitle')}</caption>
          <thead>
            <tr>
              <th>{t('weighting.margin')}</th><th>{t('weighting.category')}</th><th>{t('weighting.label')}</th>
              <th style={num}>{t('weighting.target')}</th><th style={num}>{t('weighting.achieved')}</th><th style={num}>{t('weighting.difference')}</th><th style={num}>{t('weighting.respondents')}</th>
            </tr>
          </thead>
          <tbody>
            {d.margins.map((m) => (
              <tr key={`${m.variable}|${m.code}`}>
                <td>{m.variable}</td><td>{m.code}</td><td>{m.label ?? ''}</td>
                <td style={num}>{nf.format(m.target)}</td><td style={num}>{nf.format(m.achieved)}</td>
                <td style={num}>{sci(m.difference, lang)}</td><td style={num}>{m.respondents}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(240px, 1fr) minmax(300px, 2fr)', gap: 16, alignItems: 'start' }}>
        <div className="table-panel">
          <table className="table">
            <caption className="table__caption">{t('weighting.summaryTitle')}</caption>
            <tbody>
              <tr><th scope="row">{t('weighting.min')}</th><td style={num}>{nf4.format(s.min)}</td></tr>
              <tr><th scope="row">{t('weighting.max')}</th><td style={num}>{nf4.format(s.max)}</td></tr>
              <tr><th scope="row">{t('weighting.mean')}</th><td style={num}>{nf4.format(s.mean)}</td></tr>
              <tr><th scope="row">{t('weighting.ratio')}</th><td style={num}>{nf.format(s.maxMinRatio)}</td></tr>
              <tr><th scope="row">{t('weighting.sum')}</th><td style={num}>{nf.format(s.sum)}</td></tr>
              <tr><th scope="row">{t('weighting.sumN')}</th><td style={num}>{nf.format(d.sumNormalised)}</td></tr>
            </tbody>
          </table>
        </div>
        <figure className="card" style={{ margin: 0 }}>
          <figcaption className="field__label" style={{ marginBottom: 8 }}>{t('weighting.chartTitle')}</figcaption>
          <WeightChart edges={d.histogram.edges} counts={d.histogram.counts} format={(x) => nf.format(x)}
            label={t('weighting.chartLabel', { n: s.n, min: nf.format(s.min), max: nf.format(s.max) })} xCaption={t('weighting.weight')} yCaption={t('weighting.cases')} />
        </figure>
      </div>
      <div className="table-panel">
        <table className="table">
          <caption className="table__caption">{t('weighting.largestTitle')}</caption>
          <thead><tr><th>{t('weighting.caseId')}</th><th>{t('weighting.cell')}</th><th style={num}>{t('weighting.weight')}</th><th style={num}>{t('weighting.weightN')}</th></tr></thead>
          <tbody>
            {d.largest.map((l) => (
              <tr key={l.caseId}><td className="mono">{l.caseId}</td><td>{l.cell}</td><td style={num}>{nf.format(l.weight)}</td><td style={num}>{nf4.format(l.weightN)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.notes.length > 0 && <ul aria-label={t('weighting.notes')}>{d.notes.map((n) => <li key={n} className="muted">{n}</li>)}</ul>}
      <Estimates scheme={d.scheme} nf={nf} pf={pf} />
    </section>
  );
}

/**
 * Warnings about a run ({@link weightingWarnings}): margin categories or cells with fewer than
 * {@link WEIGHTING_MIN_CELL_N} respondents and weights above {@link WEIGHTING_MAX_WEIGHT_FACTOR} × the mean, each with
 * the remedy (collapse categories, trim). Read from the stored diagnostics; the weights are not changed.
 */
function WeightingWarnings({ d, nf }: { d: WeightingDiagnostics; nf: Intl.NumberFormat }) {
  const { t } = useTranslation();
  const warnings = useMemo(() => weightingWarnings(d), [d]);
  const nf2 = useMemo(() => new Intl.NumberFormat(nf.resolvedOptions().locale, { maximumFractionDigits: 1 }), [nf]);
  if (warnings.length === 0) {
    return <p className="muted" data-testid="weighting-warnings-none">{t('weighting.warningsNone', { min: WEIGHTING_MIN_CELL_N, factor: WEIGHTING_MAX_WEIGHT_FACTOR })}</p>;
  }
  return (
    <section className="fw-alert fw-alert--warn" aria-label={t('weighting.warningsTitle')}>
      <h3 className="card__title" style={{ marginBottom: 4 }}>{t('weighting.warningsTitle')}</h3>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {warnings.map((w) => w.kind === 'smallCell' ? (
          <li key={`${w.variable}|${w.code}`}>
            {t('weighting.warningSmallCell', { variable: w.variable, code: w.code, label: w.label ? ` (${w.label})` : '', n: w.respondents, min: w.minN })}
          </li>
        ) : (
          <li key="extreme">
            {t('weighting.warningExtreme', {
              max: nf.format(w.max), mean: nf.format(w.mean), ratio: nf2.format(w.maxToMean), maxMin: nf2.format(w.maxMinRatio), factor: w.factor,
              cases: w.cases.length > 0 ? t('weighting.warningCases', { cases: w.cases.join(', ') + (w.more ? ', …' : '') }) : '',
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Weighted frequencies of one variable, optionally by subgroup, with SE and logit 95 % CI (R svyciprop). */
function Estimates({ scheme, nf, pf }: { scheme: string; nf: Intl.NumberFormat; pf: Intl.NumberFormat }) {
  const { t } = useTranslation();
  const [variable, setVariable] = useState('slachtoffer');
  const [by, setBy] = useState('');
  const [result, setResult] = useState<Estimate | null>(null);
  const [error, setError] = useState<ResultError | null>(null);
  const run = async () => {
    setError(null);
    try {
      setResult(await invoke('weighting.estimate', { name: scheme, variable: variable.trim(), ...(by.trim() ? { by: by.trim() } : {}) }));
    } catch (e) {
      setError(toResultError(e));
    }
  };
  return (
    <section className="card stack" aria-label={t('weighting.estimateTitle')}>
      <h3 className="card__title" style={{ marginBottom: 0 }}>{t('weighting.estimateTitle')}</h3>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <Field label={t('weighting.estimateVariable')}><input value={variable} onChange={(e) => setVariable(e.target.value)} /></Field>
        <Field label={t('weighting.estimateBy')}><input value={by} onChange={(e) => setBy(e.target.value)} /></Field>
        <button type="button" className="btn btn--secondary" onClick={() => void run()}>{t('weighting.estimateRun')}</button>
      </div>
      {error && <Problem error={error} />}
      {result && result.tables.map((tb) => (
        <table key={tb.subgroup ?? 'all'} className="table">
          <caption className="table__caption">
            {tb.subgroup === null ? t('weighting.subgroupAll', { variable: result.variable }) : t('weighting.subgroup', { by: result.by ?? '', code: tb.subgroup, label: tb.subgroupLabel ?? '' })}
            {tb.categories.some((c) => isSmallCell(c.respondents)) && <span className="muted small-cell-note"> {t('weighting.smallCellNote', { min: DEFAULT_MIN_N })}</span>}
          </caption>
          <thead>
            <tr>
              <th style={{ verticalAlign: 'bottom' }}>{t('weighting.category')}</th><th style={numHead}>{t('weighting.respondents')}</th><th style={numHead}>{t('weighting.weightedCount')}</th>
              <th style={numHead}>{t('weighting.proportion')}</th><th style={numHead}>{t('weighting.se')}</th><th style={numHead} title={t('weighting.ciTitle')}>{t('weighting.ci')}</th><th style={numHead}>{t('weighting.seCal')}</th>
            </tr>
          </thead>
          <tbody>
            {tb.categories.map((c) => (
              <tr key={c.code}>
                <td>{c.code}{c.label ? ` ${c.label}` : ''}</td><td style={num}>
                  {isSmallCell(c.respondents) && <span className="badge badge--warn small-cell-badge" title={t('weighting.smallCellLabel', { min: DEFAULT_MIN_N })}>{t('weighting.smallCell', { min: DEFAULT_MIN_N })}</span>} {c.respondents}
                </td><td style={num}>{nf.format(c.weightedCount)}</td>
                <td style={num}>{pf.format(c.proportion)}</td><td style={num}>{pf.format(c.seFixed)}</td>
                <td style={num}>{c.ci95LogitFixed ? `${pf.format(c.ci95LogitFixed[0])} – ${pf.format(c.ci95LogitFixed[1])}` : '—'}</td><td style={num}>{c.seCalibrated === null ? '—' : pf.format(c.seCalibrated)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {result && <p className="muted" style={{ fontSize: '0.85rem', margin: 0 }}>{t('weighting.ciTitle')}</p>}
    </section>
  );
}
