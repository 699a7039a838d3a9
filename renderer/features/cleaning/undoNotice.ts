// The notice after an undo: what happened to the answers cleared off route with the undone correction — given back
// (an undo of a correction that cleared them) or emptied again (an undo of such an undo) — tester61's defect 3.
import type { TFunction } from 'i18next';

/** The part of a `cleaning.undo` answer the notice needs. */
export interface UndoOutcome {
  restored: readonly unknown[];
  cleared: readonly unknown[];
}

/**
 * The store's notice code of an undo: `undoRestored:n` when n answers got their value back, `undoCleared:n` when n
 * were emptied again, else `undo`. One undo does one of the two (the linked answers of one action all went the same way).
 */
export function undoNotice(r: UndoOutcome): string {
  if (r.restored.length > 0) return `undoRestored:${r.restored.length}`;
  if (r.cleared.length > 0) return `undoCleared:${r.cleared.length}`;
  return 'undo';
}

/**
 * The text of an undo notice code ({@link undoNotice}), or null for another notice.
 * @param notice the store's notice code
 * @param t the i18n translate function (cleaning.notice.undo, undoRestored, undoCleared; count picks singular/plural)
 */
export function undoNoticeText(notice: string, t: TFunction): string | null {
  const [kind, n] = notice.split(':');
  if (kind === 'undo') return t('cleaning.notice.undo');
  if (kind === 'undoRestored') return t('cleaning.notice.undoRestored', { count: Number(n) });
  if (kind === 'undoCleared') return t('cleaning.notice.undoCleared', { count: Number(n) });
  return null;
}
