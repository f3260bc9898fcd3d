import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASYNCAPI_FILE, currentAsyncApiYaml } from './asyncapi-file';

describe('docs/asyncapi.yaml', () => {
  it(
    'is what the contracts and the transport make now (else: npm run docs:asyncapi, and commit it)',
    { timeout: 60_000 },
    async () => {
      const committed = readFileSync(ASYNCAPI_FILE, 'utf8');
      const current = await currentAsyncApiYaml();

      // compared line by line, so a failure shows where the two differ
      expect(
        committed.split('\n'),
        'docs/asyncapi.yaml is stale: run npm run docs:asyncapi',
      ).toEqual(current.split('\n'));
    },
  );
});
