import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into runtime-ui/dist and served by the engine at /app (engine/src/http/app-static.ts).
export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
