// Global keyboard shortcuts of the shell: Ctrl/Alt + a digit jump to a work area (1 = the first of the areas in areas.ts).
import { useEffect } from 'react';
import { useAppStore } from '../../stores';
import { AREA_SLUGS, areaForDigit } from './areas';

/** Installs the Ctrl/Alt+digit handler while the shell is mounted; focus moves to the area's nav button. */
export function useAreaShortcuts(): void {
  const setArea = useAppStore((s) => s.setArea);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.altKey || e.ctrlKey) || e.shiftKey || e.metaKey) return;
      const m = /^Digit([1-9])$/.exec(e.code);
      const area = m?.[1] ? areaForDigit(Number(m[1])) : undefined;
      if (!area) return;
      e.preventDefault();
      setArea(area);
      requestAnimationFrame(() => document.getElementById(`nav-${AREA_SLUGS[area]}`)?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setArea]);
}
