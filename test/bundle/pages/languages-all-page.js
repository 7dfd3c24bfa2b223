// The module embed's every-language page: the seed from streets-seed.js (loaded before).
import { MemoryAdapter, registerAdapterInstance } from '/dist/consult-widgets.min.js';

registerAdapterInstance('all', new MemoryAdapter(window.streetsSeed('all')));
