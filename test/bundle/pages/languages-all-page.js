// The module embed's every-language page: the seed from languages-seed.js (loaded before).
import { MemoryAdapter, registerAdapterInstance } from '/dist/consult-widgets.min.js';

registerAdapterInstance('all', new MemoryAdapter(window.languagesSeed));
