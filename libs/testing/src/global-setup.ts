import type { TestProject } from 'vitest/node';
import { findInfrastructure, type Infrastructure } from './infrastructure';

declare module 'vitest' {
  export interface ProvidedContext {
    infrastructure: Infrastructure;
  }
}

/** Runs once per test run: finds (or starts) the infrastructure and shares its URLs. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const found = await findInfrastructure();
  project.provide('infrastructure', found.infrastructure);
  return () => found.stop();
}
