// The public API every embed carries: adapters, locales, events, the card and the provider, the
// protocol's types. Side-effect free. src/index.ts adds the widgets the module embed loads lazily
// and the REST adapter's classes; the module embed (src/embed.ts) a RestAdapter that loads on use.
export type {
  CastVote,
  ConsultAdapter,
  Delivery,
  ListProposalsQuery,
  ProposalUpdate,
  Qualify,
  QualifyReceipt,
  RequestOptions,
  SubmitProposal,
  VoteReceipt,
} from './adapters/adapter.js';
export { ConsultError, type ConsultErrorCode, type HeldState } from './adapters/errors.js';
export { MemoryAdapter, type MemoryAdapterOptions, type ConsultationSeed, type ProposalSeed } from './adapters/memory.js';
export { LocalAdapter, type LocalAdapterOptions } from './adapters/local.js';
export {
  registerAdapter,
  registerAdapterInstance,
  registeredAdapterNames,
  DEFAULT_ADAPTER,
  type AdapterFactory,
} from './adapters/registry.js';
export { anonymousParticipantId, PARTICIPANT_STORAGE_KEY } from './adapters/participant.js';
export { registerLocale, registerTranslation, localeFor, en, type ConsultLocale, type Translation } from './i18n/index.js';
export type {
  ConsultBeforeVoteDetail,
  ConsultErrorDetail,
  ConsultEventMap,
  ConsultReadyDetail,
  ConsultVoteDetail,
  ConsultQualifyDetail,
  ConsultSubmitDetail,
  ConsultSequenceStepDetail,
  ConsultSequenceCompleteDetail,
  ConsultResultsDetail,
} from './internal/events.js';
export { ConsultProposalElement } from './components/proposal/proposal.component.js';
export { ConsultConsultationElement } from './components/consultation/consultation.component.js';
export type {
  Consultation,
  Proposal,
  ProposalMeta,
  ParticipantVote,
  Tally,
  VoteKey,
  QualificationKey,
  Theme,
  Author,
  ConsultationResults,
  ProposalResult,
  ResultsZone,
} from './protocol/index.js';
