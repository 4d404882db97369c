import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A throwaway page to look at the panel's issue-11 states in a real browser; not part of any build.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5191, strictPort: true, hmr: false, watch: null },
  logLevel: 'warn',
});
