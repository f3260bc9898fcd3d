export { buildAsyncApiDocument, type AsyncApiOptions } from './asyncapi-document';
export { defaultAsyncApiOptions, asyncApiYaml } from './default-options';
