import { RpcError } from '@medicalink/messaging';

/** Awaits a call that must fail with an error envelope, and returns that error. */
export async function rpcFailure(call: Promise<unknown>): Promise<RpcError> {
  const outcome = await call.then(
    () => new Error('expected the call to fail, but it succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof RpcError) return outcome;
  throw outcome;
}
