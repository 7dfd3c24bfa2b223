// The classic script's every-language page: the seed from streets-seed.js, the global bundle.
/* global ConsultWidgets */
ConsultWidgets.registerAdapterInstance('all', new ConsultWidgets.MemoryAdapter(window.streetsSeed('all')));
