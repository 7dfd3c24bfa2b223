// The forced-colors test's page: the built ESM bundle and the seed of streets-seed.js (loaded before).
import { MemoryAdapter, registerAdapterInstance } from '/dist/consult-widgets.min.js';

registerAdapterInstance('fc', new MemoryAdapter(window.streetsSeed('fc')));
