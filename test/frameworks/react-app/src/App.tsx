import { useState } from 'react';
import type { ConsultVoteDetail } from 'consult-widgets';
// The wrappers; importing them defines the elements (the native card below included).
import { ConsultProposal } from 'consult-widgets/react';
// React 19's JSX types for the elements themselves.
import type {} from 'consult-widgets/react-jsx';
import { adapter } from './adapter.ts';

const describe = (vote: ConsultVoteDetail | null) => (vote ? `${vote.proposalId}: ${vote.key ?? 'withdrawn'} (${vote.delivery})` : 'none');

export function App({ initiallyMounted }: { initiallyMounted: boolean }) {
  const [mounted, setMounted] = useState(initiallyMounted);
  const [second, setSecond] = useState(false);
  const [wrappedVote, setWrappedVote] = useState<ConsultVoteDetail | null>(null);
  const [nativeVote, setNativeVote] = useState<ConsultVoteDetail | null>(null);
  const [ready, setReady] = useState<string[]>([]);

  return (
    <main>
      <button id="switch" onClick={() => setSecond((value) => !value)}>
        Other proposals
      </button>
      <button id="mount" onClick={() => setMounted((value) => !value)}>
        {mounted ? 'Remove the widgets' : 'Show the widgets'}
      </button>
      <p>
        Wrapper: <output id="wrapped-vote">{describe(wrappedVote)}</output>
      </p>
      <p>
        Element: <output id="native-vote">{describe(nativeVote)}</output>
      </p>
      <p>
        Ready: <output id="ready">{ready.join(' ')}</output>
      </p>
      {mounted && (
        <>
          <ConsultProposal
            id="wrapped"
            adapter={adapter}
            proposalId={second ? 'p2' : 'p1'}
            onConsultVote={(event) => setWrappedVote(event.detail)}
            onConsultReady={(event) => setReady((ids) => [...ids, event.detail.proposalId])}
          />
          <consult-proposal
            id="native"
            adapter={adapter}
            proposal-id={second ? 'n2' : 'n1'}
            show-results="always"
            onconsult-vote={(event) => setNativeVote(event.detail)}
            onconsult-ready={(event) => setReady((ids) => [...ids, event.detail.proposalId])}
          ></consult-proposal>
        </>
      )}
    </main>
  );
}
