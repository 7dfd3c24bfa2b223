// (a) The example adapter passes the contract suite in fresh-adapter mode (a new instance for every
// step, as after a reload) against the fake Make.org-shaped API. Methods it does not have
// (submitProposal, getSequence, getResults, eraseParticipation, subscribe) are reported as skipped.
import { runAdapterContract } from 'consult-widgets/testing';
import { contractFixture } from './makeorg-fixture.js';

runAdapterContract('MakeOrgAdapter (examples/makeorg), a new instance per step', () => contractFixture());
