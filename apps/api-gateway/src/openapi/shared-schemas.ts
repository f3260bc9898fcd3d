import * as contracts from '@medicalink/contracts';
import { z } from 'zod';
import { byCodeUnits } from './schema-components';

/**
 * Every zod schema libs/contracts exports, by its export name: the document's components. In
 * name order, whatever order the module system lists them in, so that a schema exported under
 * two names is always named by the first.
 */
export const CONTRACT_SCHEMAS: Readonly<Record<string, z.ZodType>> = Object.fromEntries(
  Object.entries(contracts as Record<string, unknown>)
    .filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType)
    .sort(([a], [b]) => byCodeUnits(a, b)),
);
