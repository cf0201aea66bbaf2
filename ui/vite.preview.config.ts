import { defineConfig, mergeConfig, type Plugin } from 'vite';
import base from './vite.config.ts';

// DEV ONLY: serves the UI with dev/mock.ts standing in for the Rust shell, for previews in a
// plain browser (`npm run preview:mock`). The production build (vite.config.ts) never sees it.
const mockShell: Plugin = {
  name: 'accroche-mock-shell',
  transformIndexHtml: {
    order: 'pre',
    handler: (html) => html.replace('<script type="module" src="./src/main.tsx">', '<script type="module" src="/dev/mock.ts"></script>\n    <script type="module" src="./src/main.tsx">'),
  },
};

export default mergeConfig(base, defineConfig({
  plugins: [mockShell],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
}));
