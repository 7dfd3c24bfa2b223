export { runAdapterContract, type ContractFixture, type ContractOptions } from './adapter-contract.js';
