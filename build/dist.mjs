// Packaging: build with electron-vite, package with electron-builder (which rebuilds better-sqlite3 for
// Electron's ABI), then rebuild better-sqlite3 for Node again so tests keep working. Run by `npm run dist`.
import { spawnSync } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status ?? 1;
}

let status = run(npx, ['electron-vite', 'build']);
if (status === 0) status = run(npx, ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
// electron-builder rebuilt the native module in place for Electron; give Node its own build back.
const restore = run(npm, ['rebuild', 'better-sqlite3']);
process.exit(status || restore);
