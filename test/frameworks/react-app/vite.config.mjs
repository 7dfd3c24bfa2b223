// @ts-check
// The React 19 test app (test/frameworks/react.test.mjs builds it with Vite's build() API).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [react()] });
