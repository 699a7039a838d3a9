// Hook for loading the Electron build of better-sqlite3 (its `nativeBinding` option) inside the Electron app.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Path of a better-sqlite3 binary built for Electron's ABI, or undefined to use the default one.
 * Order: $VELDWERK_SQLITE_BINDING; in a packaged app the default (electron-builder rebuilt it for
 * Electron, unpacked from the asar); in development `node_modules/.veldwerk-electron/better_sqlite3.node`
 * when present, so `npm start` and Node tests need not fight over one binary.
 */
export function resolveNativeBinding(opts: { isPackaged: boolean; appRoot: string; env?: NodeJS.ProcessEnv }): string | undefined {
  const env = opts.env ?? process.env;
  if (env.VELDWERK_SQLITE_BINDING) return env.VELDWERK_SQLITE_BINDING;
  if (opts.isPackaged) return undefined;
  const dev = join(opts.appRoot, 'node_modules', '.veldwerk-electron', 'better_sqlite3.node');
  return existsSync(dev) ? dev : undefined;
}
