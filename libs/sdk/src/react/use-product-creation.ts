import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MedicaLinkClient } from '../client.js';
import { failure, type OperationFailure, type OperationResult } from '../operation-result.js';
import type {
  AudienceTarget,
  ProductCommitResult,
  ProductInput,
  ProductSession,
  ProductSessionCreated,
  ProductSessionProgress,
  ProductSessionState,
} from '../types.js';
import { useMedicaLinkClient } from './context.js';

/** idle: no session yet; creating: a session is open; success: committed; error: the last call failed. */
export type ProductCreationState = 'idle' | 'creating' | 'success' | 'error';

export interface UseProductCreationOptions {
  /** the client to use (default: the provider's, else the SDK's default client) */
  client?: MedicaLinkClient;
  /** how often the progress is read while a session is open, in ms (default 5000) */
  pollInterval?: number;
}

export interface UseProductCreation {
  state: ProductCreationState;
  sessionId: string | null;
  /** the session's own state, from the last step's reply or progress read */
  sessionState: ProductSessionState | null;
  /** the last progress read (after each step, and every `pollInterval` ms while open) */
  progress: ProductSessionProgress | null;
  /**
   * When the session expires, in epoch ms of this device's clock: taken from the time the
   * server says is left, so a device clock that is off does not shift the countdown.
   */
  expiresAt: number | null;
  /** the server no longer knows the session (it expired, or was never this caller's) */
  expired: boolean;
  /** a step is in flight */
  busy: boolean;
  /** the last failed call's message, cleared by the next call */
  error: string | null;
  /** the last failed call's whole result (status, the gateway's `errors`, details) */
  lastFailure: OperationFailure | null;
  /** the commit's reply once it succeeded */
  committed: ProductCommitResult | null;
  /** opens a new session (dropping the current one, if any) */
  startSession: () => Promise<OperationResult<ProductSessionCreated>>;
  addProduct: (product: ProductInput) => Promise<OperationResult<ProductSession>>;
  configureTarget: (target: AudienceTarget) => Promise<OperationResult<ProductSession>>;
  commit: () => Promise<OperationResult<ProductCommitResult>>;
  refreshProgress: () => Promise<OperationResult<ProductSessionProgress>>;
}

const DEFAULT_POLL_INTERVAL_MS = 5_000;

/**
 * The product creation session workflow as a React hook: the per-step calls (each resolving to
 * the SDK's OperationResult, never throwing), the session's progress read after every step and
 * polled while a session is open, and its expiry. Polling and calls in flight stop on unmount.
 */
export function useProductCreation(options: UseProductCreationOptions = {}): UseProductCreation {
  const contextClient = useMedicaLinkClient();
  const client = options.client ?? contextClient;
  const pollInterval = options.pollInterval ?? DEFAULT_POLL_INTERVAL_MS;

  const [state, setState] = useState<ProductCreationState>('idle');
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [sessionState, setSessionState] = useState<ProductSessionState | null>(null);
  const [progress, setProgress] = useState<ProductSessionProgress | null>(null);
  const [expiresAt, setExpiresAt] = useState<number | null>(null);
  const [expired, setExpired] = useState(false);
  const [inFlight, setInFlight] = useState(0);
  const [lastFailure, setLastFailure] = useState<OperationFailure | null>(null);
  const [committed, setCommitted] = useState<ProductCommitResult | null>(null);

  // Callbacks read these, so they stay stable across renders.
  const session = useRef<string | null>(null);
  const lifetime = useRef<AbortController | null>(null);
  const progressRequest = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    return () => controller.abort();
  }, []);

  const callOptions = useCallback(() => {
    const signal = lifetime.current?.signal;
    return signal ? { signal } : {};
  }, []);

  /** Records a call's outcome; the result is handed back unchanged. */
  const settle = useCallback(<T>(result: OperationResult<T>, forSession: string | null) => {
    if (lifetime.current?.signal.aborted || forSession !== session.current) return result;
    if (result.success) {
      setLastFailure(null);
      return result;
    }
    setLastFailure(result);
    setState('error');
    if (result.status === 404) setExpired(true);
    return result;
  }, []);

  const refreshProgress = useCallback(async () => {
    const id = session.current;
    if (id === null) return noSession<ProductSessionProgress>();
    const request = ++progressRequest.current;
    const result = await client.getSessionProgress(id, callOptions());
    // A read that an older one overtook, or one for a session since replaced, changes nothing.
    if (request !== progressRequest.current || id !== session.current) return result;
    if (result.success) {
      setProgress(result.data);
      setSessionState(result.data.state);
      setExpiresAt(deadline(result.data.secondsRemaining * 1_000, result.duration));
    } else if (result.status === 404) {
      setExpired(true);
    }
    return result;
  }, [client, callOptions]);

  const step = useCallback(
    async <T>(
      run: (id: string) => Promise<OperationResult<T>>,
      stateAfter: (data: T) => ProductSessionState,
    ): Promise<OperationResult<T>> => {
      const id = session.current;
      if (id === null) return noSession<T>();
      // The request leaves first; the "busy" render happens while it is on the wire.
      const pending = run(id);
      setInFlight((count) => count + 1);
      try {
        const result = settle(await pending, id);
        if (result.success && id === session.current) {
          const next = stateAfter(result.data);
          setSessionState(next);
          setState(next === 'committed' ? 'success' : 'creating');
          // Read in a later task: the caller shows the reply first, without a second request
          // competing with that render for the main thread.
          setTimeout(() => void refreshProgress(), 0);
        }
        return result;
      } finally {
        setInFlight((count) => count - 1);
      }
    },
    [settle, refreshProgress],
  );

  const startSession = useCallback(async () => {
    setInFlight((count) => count + 1);
    try {
      const result = await client.createProductSession(callOptions());
      if (lifetime.current?.signal.aborted) return result;
      if (!result.success) {
        setLastFailure(result);
        setState('error');
        return result;
      }
      const created = result.data;
      session.current = created.sessionId;
      setSessionId(created.sessionId);
      setSessionState(created.state);
      setProgress(null);
      setExpired(false);
      setCommitted(null);
      setLastFailure(null);
      setState('creating');
      setExpiresAt(
        deadline(Date.parse(created.expiresAt) - Date.parse(created.createdAt), result.duration),
      );
      void refreshProgress();
      return result;
    } finally {
      setInFlight((count) => count - 1);
    }
  }, [client, callOptions, refreshProgress]);

  const addProduct = useCallback(
    (product: ProductInput) =>
      step((id) => client.addSessionProduct(id, product, callOptions()), sessionStateOf),
    [client, step, callOptions],
  );

  const configureTarget = useCallback(
    (target: AudienceTarget) =>
      step((id) => client.addSessionTarget(id, target, callOptions()), sessionStateOf),
    [client, step, callOptions],
  );

  const commit = useCallback(async () => {
    const result = await step((id) => client.commitSession(id, callOptions()), committedState);
    if (result.success) setCommitted(result.data);
    return result;
  }, [client, step, callOptions]);

  useEffect(() => {
    if (sessionId === null || expired || state === 'success') return;
    const timer = setInterval(() => void refreshProgress(), pollInterval);
    return () => clearInterval(timer);
  }, [sessionId, expired, state, pollInterval, refreshProgress]);

  return useMemo(
    () => ({
      state,
      sessionId,
      sessionState,
      progress,
      expiresAt,
      expired,
      busy: inFlight > 0,
      error: lastFailure?.error ?? null,
      lastFailure,
      committed,
      startSession,
      addProduct,
      configureTarget,
      commit,
      refreshProgress,
    }),
    [
      state,
      sessionId,
      sessionState,
      progress,
      expiresAt,
      expired,
      inFlight,
      lastFailure,
      committed,
      startSession,
      addProduct,
      configureTarget,
      commit,
      refreshProgress,
    ],
  );
}

const sessionStateOf = (session: ProductSession) => session.state;
const committedState = (): ProductSessionState => 'committed';

/**
 * This device's time at which `remainingMs` (as the server counted it while answering) runs
 * out: the server counted half-way through the call, on average.
 */
function deadline(remainingMs: number, callDurationMs: number): number {
  return Date.now() - callDurationMs / 2 + remainingMs;
}

function noSession<T>(): Promise<OperationResult<T>> {
  return Promise.resolve({
    ...failure('STEP_FAILED', 'No product session: start one first'),
    duration: 0,
  });
}
