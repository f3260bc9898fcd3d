import { useCallback, useMemo, useRef, useState } from 'react';
import { type MedicaLinkClient } from './client.js';
import type { OperationResult } from './operation-result.js';
import { useMedicaLinkClient } from './react/context.js';

export { MedicaLinkProvider, useMedicaLinkClient } from './react/context.js';
export { useEvents, type UseEvents, type UseEventsOptions } from './react/use-events.js';
export {
  useProductCreation,
  type ProductCreationState,
  type UseProductCreation,
  type UseProductCreationOptions,
} from './react/use-product-creation.js';

type Operation<A extends unknown[], T> = (...args: A) => Promise<T | null>;

export interface UseMedicaLink {
  /** true while any operation started through this hook runs */
  isLoading: boolean;
  /** the last failed operation's error, cleared when the next one starts */
  error: string | null;
  /** the last result (success or failure), for its details */
  lastResult: OperationResult<unknown> | null;
  /** runs any client operation, tracking isLoading and error; resolves to its data or null */
  execute: <T>(
    operation: (client: MedicaLinkClient) => Promise<OperationResult<T>>,
  ) => Promise<T | null>;
  onboardDoctor: Operation<
    Parameters<MedicaLinkClient['onboardDoctor']>,
    OperationData<'onboardDoctor'>
  >;
  createProductWithTarget: Operation<
    Parameters<MedicaLinkClient['createProductWithTarget']>,
    OperationData<'createProductWithTarget'>
  >;
  registerEducation: Operation<
    Parameters<MedicaLinkClient['registerEducation']>,
    OperationData<'registerEducation'>
  >;
  importSchedule: Operation<
    Parameters<MedicaLinkClient['importSchedule']>,
    OperationData<'importSchedule'>
  >;
  client: MedicaLinkClient;
}

type OperationData<
  K extends 'onboardDoctor' | 'createProductWithTarget' | 'registerEducation' | 'importSchedule',
> = Awaited<ReturnType<MedicaLinkClient[K]>> extends OperationResult<infer T> ? T : never;

/**
 * The cross-service operations as a React hook, with `isLoading` and `error` state. Uses the client given, else the provider's, else the default.
 */
export function useMedicaLink(client?: MedicaLinkClient): UseMedicaLink {
  const contextClient = useMedicaLinkClient();
  const active = client ?? contextClient;
  const running = useRef(0);
  const [isLoading, setIsLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lastResult, setLastResult] = useState<OperationResult<unknown> | null>(null);

  const execute = useCallback(
    async <T>(
      operation: (client: MedicaLinkClient) => Promise<OperationResult<T>>,
    ): Promise<T | null> => {
      running.current += 1;
      setIsLoading(true);
      setError(null);
      try {
        // Operations resolve with failures; a throw here is a bug in the caller's function.
        const result = await operation(active).catch((thrown: unknown): OperationResult<T> => ({
          success: false,
          code: 'INVALID_RESPONSE',
          error: thrown instanceof Error ? thrown.message : String(thrown),
          duration: 0,
        }));
        setLastResult(result);
        if (result.success) return result.data;
        setError(result.error);
        return null;
      } finally {
        running.current -= 1;
        if (running.current === 0) setIsLoading(false);
      }
    },
    [active],
  );

  return useMemo(
    () => ({
      isLoading,
      error,
      lastResult,
      execute,
      onboardDoctor: (...args) => execute((c) => c.onboardDoctor(...args)),
      createProductWithTarget: (...args) => execute((c) => c.createProductWithTarget(...args)),
      registerEducation: (...args) => execute((c) => c.registerEducation(...args)),
      importSchedule: (...args) => execute((c) => c.importSchedule(...args)),
      client: active,
    }),
    [isLoading, error, lastResult, execute, active],
  );
}

/** The same hook under the name `useOrchestrator`. */
export const useOrchestrator = useMedicaLink;
