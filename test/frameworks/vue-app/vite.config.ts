// The test app's build: Vue's compiler told that consult-* tags are custom elements (without it
// Vue warns "Failed to resolve component" and tries to resolve them as Vue components).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('consult-') } } })],
  build: { sourcemap: false },
  logLevel: 'warn',
});
