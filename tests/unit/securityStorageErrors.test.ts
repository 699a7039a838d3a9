// The machine's conditions (full disk, I/O error, read-only) become IO_ERROR with a clear message in dispatch and the CLI.
import { describe, expect, it } from 'vitest';
import { storageError } from '../../electron/backend/dispatch';
import { runCli } from '../../electron/cli/cli';
import type { Command } from '../../electron/cli/types';

/** An error shaped like better-sqlite3's SqliteError or Node's ErrnoException. */
function coded(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('storageError', () => {
  it('maps a full disk, I/O errors and read-only files to IO_ERROR naming the channel', () => {
    for (const [code, text] of [
      ['SQLITE_FULL', /^The disk is full/],
      ['ENOSPC', /^The disk is full/],
      ['SQLITE_IOERR', /^A disk error stopped/],
      ['SQLITE_IOERR_WRITE', /^A disk error stopped/],
      ['EIO', /^A disk error stopped/],
      ['SQLITE_READONLY', /^The project cannot be written/],
      ['EROFS', /^The project cannot be written/],
    ] as const) {
      const d = storageError(coded(code, 'database or disk is full'), 'case.save');
      expect(d?.code, code).toBe('IO_ERROR');
      expect(d?.message).toMatch(text);
      expect(d?.message).toContain('case.save');
    }
  });

  it('leaves bugs and other errors alone', () => {
    for (const e of [new Error('x'), new TypeError('y'), coded('SQLITE_CONSTRAINT', 'unique'), coded('ENOENT', 'no file'), null, undefined, 'text', { code: 7 }]) {
      expect(storageError(e, 'c')).toBeNull();
    }
  });

  it('the CLI prints it as one line and exits 1 instead of an internal error', async () => {
    const failing: Command = { name: ['fill'], usage: 'fill', run: () => { throw coded('SQLITE_FULL', 'database or disk is full'); } };
    let err = '';
    const code = await runCli(['fill'], { out: () => undefined, err: (t) => (err += t) }, [failing]);
    expect(code).toBe(1);
    expect(err).toMatch(/^veldwerk: The disk is full \(database or disk is full\): veldwerk fill was not completed/);
    expect(err).not.toContain('internal error');
  });
});
