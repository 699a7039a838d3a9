// An ARIA tab list shared by the work areas: one button per tab, roving tabindex, ←/→/Home/End between tabs.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/** Props of {@link TabList}. */
export interface TabListProps<T extends string> {
  tabs: readonly T[];
  active: T;
  onSelect: (tab: T) => void;
  /** Accessible name of the tab list. */
  label: string;
  /** Ids are `${idPrefix}-tab-${tab}`; each tab controls `${idPrefix}-panel-${tab}` (the caller renders the panel). */
  idPrefix: string;
  /** Class of the list element. */
  className: string;
  /** Class of each tab; the active one also gets `${tabClass}--active`. */
  tabClass: string;
  /** The content of a tab button (its text, optional badges). */
  renderTab: (tab: T) => ReactNode;
}

/**
 * A keyboard-usable tab list (WAI-ARIA Authoring Practices, "Tabs with automatic activation"):
 * the arrow keys, Home and End select and focus the neighbouring, first or last tab; only the active
 * tab is in the Tab order. Key events it handles do not reach the area navigation around it.
 */
export function TabList<T extends string>({ tabs, active, onSelect, label, idPrefix, className, tabClass, renderTab }: TabListProps<T>) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.indexOf(active);
    let next: T | undefined;
    if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
    else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (e.key === 'Home') next = tabs[0];
    else if (e.key === 'End') next = tabs[tabs.length - 1];
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div className={className} role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((x) => (
        <button
          key={x}
          ref={(el) => {
            refs.current[x] = el;
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${x}`}
          aria-selected={active === x}
          aria-controls={`${idPrefix}-panel-${x}`}
          tabIndex={active === x ? 0 : -1}
          className={`${tabClass}${active === x ? ` ${tabClass}--active` : ''}`}
          onClick={() => onSelect(x)}
        >
          {renderTab(x)}
        </button>
      ))}
    </div>
  );
}
