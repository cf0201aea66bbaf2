import { defineConfig } from 'vite';

// Production build of the UI. The Tauri shell serves ui/dist under a strict CSP:
// no network resources, no inline scripts or styles.
export default defineConfig({
  base: './',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    // Keep CSS and JS as files: an inlined asset would need a looser CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, strictPort: true },
  clearScreen: false,
});
