import { join } from 'node:path';
import { repoRoot } from '@medicalink/testing';
import { previewGatewayOpenApiDocument } from './gateway-document';

export const OPENAPI_FILE = join(repoRoot(__dirname), 'docs/openapi.json');

/** docs/openapi.json as the gateway's routes make it now. */
export async function currentOpenApiJson(): Promise<string> {
  return `${JSON.stringify(await previewGatewayOpenApiDocument(), null, 2)}\n`;
}
