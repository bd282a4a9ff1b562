import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app builds into dist/web, which the SealPhone server serves (server/http/static-files.ts).
export default defineConfig({
  plugins: [react()],
  publicDir: 'public',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
