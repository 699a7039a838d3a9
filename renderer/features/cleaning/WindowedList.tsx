// A small windowed list: fixed row height, only the visible rows plus overscan are rendered; ↑/↓, PageUp/PageDown, Home/End move, Enter opens.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** Props of {@link WindowedList}. */
export interface WindowedListProps {
  /** Number of rows in the whole list. */
  count: number;
  /** Height of every row in pixels. */
  rowHeight: number;
  /** Height of the scrolling viewport in pixels. */
  height: number;
  /** Rows rendered above and below the visible ones. */
  overscan?: number;
  /** Accessible name of the list. */
  label: string;
  /** Prefix of the row element IDs (for aria-activedescendant). */
  idPrefix: string;
  activeIndex: number;
  onActiveChange(index: number): void;
  /** Enter or a double click on a row. */
  onOpen(index: number): void;
  /** Called with the rendered range [from, to) whenever it changes (to load data). */
  onRangeChange?(from: number, to: number): void;
  /** Renders the cells of one row (the row element itself is provided). */
  renderRow(index: number): ReactNode;
  /** Shown when the list is empty. */
  empty?: ReactNode;
}

/** Which rows to render for a scroll position: the visible ones plus `overscan` on either side. */
export function visibleRange(scrollTop: number, height: number, rowHeight: number, count: number, overscan: number): { from: number; to: number } {
  const first = Math.floor(scrollTop / rowHeight);
  const visible = Math.ceil(height / rowHeight) + 1;
  return { from: Math.max(0, first - overscan), to: Math.min(count, first + visible + overscan) };
}

/** A keyboard-operable listbox that renders only the rows in view; 100,000 rows cost no more than 30. */
export function WindowedList({ count, rowHeight, height, overscan = 8, label, idPrefix, activeIndex, onActiveChange, onOpen, onRangeChange, renderRow, empty }: WindowedListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const { from, to } = visibleRange(scrollTop, height, rowHeight, count, overscan);

  useEffect(() => {
    onRangeChange?.(from, to);
  }, [from, to, onRangeChange]);

  // Keeps the active row in view.
  useEffect(() => {
    const el = ref.current;
    if (!el || count === 0) return;
    const top = activeIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + height) el.scrollTop = top + rowHeight - height;
  }, [activeIndex, rowHeight, height, count]);

  const move = useCallback((to: number) => onActiveChange(Math.max(0, Math.min(count - 1, to))), [count, onActiveChange]);
  const page = Math.max(1, Math.floor(height / rowHeight) - 1);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex - 1),
      PageDown: () => move(activeIndex + page),
      PageUp: () => move(activeIndex - page),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => onOpen(activeIndex),
    };
    const k = keys[e.key];
    if (!k) return;
    e.preventDefault();
    k();
  };

  const rows: ReactNode[] = [];
  for (let i = from; i < to; i++) {
    rows.push(
      <div
        key={i}
        id={`${idPrefix}-${i}`}
        role="option"
        aria-selected={i === activeIndex}
        aria-posinset={i + 1}
        aria-setsize={count}
        className={`wl__row${i === activeIndex ? ' wl__row--active' : ''}`}
        style={{ top: i * rowHeight, height: rowHeight }}
        onClick={() => onActiveChange(i)}
        onDoubleClick={() => onOpen(i)}
      >
        {renderRow(i)}
      </div>,
    );
  }

  return (
    <div
      ref={ref}
      className="wl"
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={count > 0 ? `${idPrefix}-${activeIndex}` : undefined}
      style={{ height }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKey}
    >
      {count === 0 ? empty : <div className="wl__canvas" style={{ height: count * rowHeight }}>{rows}</div>}
    </div>
  );
}
