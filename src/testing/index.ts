export {
  runAdapterContract,
  type ContractChange,
  type ContractData,
  type ContractFaults,
  type ContractFixture,
  type ContractOptions,
  type OptionalMethod,
} from './adapter-contract.js';
export type { CaseBody, Describe, It } from './runner.js';
