import '../../src/components/propose/propose.js';
import '../../src/components/results/results.js';
import '../../src/components/sequence/sequence.js';
import { runConsultElementSuite } from '../suites/consult-element.suite.js';

runConsultElementSuite({ tag: 'consult-propose' });
runConsultElementSuite({ tag: 'consult-sequence' });
runConsultElementSuite({ tag: 'consult-results' });
