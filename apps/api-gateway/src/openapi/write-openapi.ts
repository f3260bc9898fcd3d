// npm run docs:openapi: regenerates docs/openapi.json from the gateway's routes.
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { currentOpenApiJson, OPENAPI_FILE } from './openapi-file';

currentOpenApiJson()
  .then(async (json) => {
    await writeFile(OPENAPI_FILE, json);
    console.log(`wrote ${relative(process.cwd(), OPENAPI_FILE)} (${json.length} bytes)`);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
