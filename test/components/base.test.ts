import '../../src/components/proposal/proposal.js';
import '../../src/components/propose/propose.js';
import '../../src/components/results/results.js';
import '../../src/components/sequence/sequence.js';
import { runConsultElementSuite } from '../suites/consult-element.suite.js';

runConsultElementSuite({ tag: 'consult-propose' });
runConsultElementSuite({ tag: 'consult-sequence' });
runConsultElementSuite({ tag: 'consult-results' });
runConsultElementSuite({
  tag: 'consult-proposal',
  attrs: (consultation) => ({ 'proposal-id': consultation === 'summit' ? 'tra-1' : 'fresh-1' }),
  shows: { summit: 'Label every AI-generated image', fresh: 'A first idea' },
});
