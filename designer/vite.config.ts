import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into designer/dist and served by the engine at /designer (engine/src/http/app-static.ts).
export default defineConfig({
  root: import.meta.dirname,
  base: '/designer/',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
