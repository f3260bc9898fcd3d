import { join } from 'node:path';
import { asyncApiYaml, buildAsyncApiDocument, defaultAsyncApiOptions } from '@medicalink/asyncapi';
import { repoRoot } from '@medicalink/testing';

export const ASYNCAPI_FILE = join(repoRoot(__dirname), 'docs/asyncapi.yaml');

/** docs/asyncapi.yaml as the contracts and the transport's defaults make it now. */
export async function currentAsyncApiYaml(): Promise<string> {
  return asyncApiYaml(await buildAsyncApiDocument(defaultAsyncApiOptions()));
}
