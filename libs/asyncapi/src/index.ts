export { buildAsyncApiDocument, type AsyncApiOptions } from './asyncapi-document';
export { defaultAsyncApiOptions, asyncApiYaml } from './default-options';
export { contractCatalog, type ContractCatalog } from './contract-catalog';
