// electron-vite configuration for `npm start` / `npm run build`: main (ESM), sandboxed preload (CJS), renderer.
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { cspMetaPlugin } from './renderer/vite.config';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: r('./out/main'),
      // better-sqlite3 (a native module) and the other dependencies stay in node_modules.
      externalizeDeps: { include: ['better-sqlite3'] },
      rolldownOptions: { input: { index: r('./electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: r('./out/preload'),
      // A sandboxed preload cannot require node_modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: r('./electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: r('./renderer'),
    base: './',
    plugins: [react(), cspMetaPlugin()],
    build: {
      outDir: r('./out/renderer'),
      minify: true,
      rolldownOptions: { input: { index: r('./renderer/index.html') } },
    },
  },
});
