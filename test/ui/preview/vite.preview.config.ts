import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A throwaway page to look at the panel in a real browser (screenshots); not part of any build.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // No HMR: other engineers edit files while screenshots run; a reload mid-run would reset the page.
  server: { host: '127.0.0.1', port: 5188, strictPort: true, hmr: false, watch: null },
  logLevel: 'warn',
});
