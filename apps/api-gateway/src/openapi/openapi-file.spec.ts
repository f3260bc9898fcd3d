import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentOpenApiJson, OPENAPI_FILE } from './openapi-file';

describe('docs/openapi.json', () => {
  it(
    "is what the gateway's routes make now (else: npm run docs:openapi, and commit it)",
    { timeout: 60_000 },
    async () => {
      const committed = readFileSync(OPENAPI_FILE, 'utf8');
      const current = await currentOpenApiJson();

      // compared line by line, so a failure shows where the two differ
      expect(committed.split('\n'), 'docs/openapi.json is stale: run npm run docs:openapi').toEqual(
        current.split('\n'),
      );
    },
  );
});
