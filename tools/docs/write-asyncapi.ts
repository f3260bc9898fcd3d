// npm run docs:asyncapi: regenerates docs/asyncapi.yaml from libs/contracts and libs/messaging.
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { ASYNCAPI_FILE, currentAsyncApiYaml } from './asyncapi-file';

currentAsyncApiYaml()
  .then(async (yaml) => {
    await writeFile(ASYNCAPI_FILE, yaml);
    console.log(`wrote ${relative(process.cwd(), ASYNCAPI_FILE)} (${yaml.length} bytes)`);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
