import type { Failure } from '../operation-result.js';
import type { OperationContext, StepResult } from '../operation-context.js';
import { stepFailure } from '../operation-context.js';
import type {
  AudienceTarget,
  ProductCommitResult,
  ProductInput,
  ProductSession,
  ProductSessionCreated,
} from '../types.js';

const BASE = '/private/products/orchestrate/session';

export interface ProductWithTarget {
  sessionId: string;
  commit: ProductCommitResult;
  /** how many sessions it took (2 when the first expired before the commit) */
  sessions: number;
}

/**
 * The product session workflow end to end: create a session, stage the product, add each
 * target, commit. A progress event per step. If the session expired (404) before the commit
 * went through, it starts once more in a new session.
 */
export async function createProductWithTarget(
  ctx: OperationContext,
  product: ProductInput,
  targets: readonly AudienceTarget[],
): Promise<StepResult<ProductWithTarget>> {
  const first = await attempt(ctx, product, targets, 1);
  if (first.success || !first.sessionExpired) return first.result;
  ctx.progress('sessionExpired', 0, { sessionId: first.sessionId });
  return (await attempt(ctx, product, targets, 2)).result;
}

type Attempt =
  | { success: true; result: StepResult<ProductWithTarget> }
  | { success: false; result: Failure; sessionExpired: boolean; sessionId?: string };

async function attempt(
  ctx: OperationContext,
  product: ProductInput,
  targets: readonly AudienceTarget[],
  sessions: number,
): Promise<Attempt> {
  const total = 3 + targets.length;
  let done = 0;
  const step = (name: string, data?: Record<string, unknown>) =>
    ctx.progress(name, Math.round((done / total) * 100), data);

  step('createSession');
  const session = await ctx.request<ProductSessionCreated>({
    method: 'POST',
    path: `${BASE}/create`,
  });
  if (!session.success) {
    return { success: false, result: stepFailure('createSession', session), sessionExpired: false };
  }
  const sessionId = session.data.sessionId;
  const path = `${BASE}/${encodeURIComponent(sessionId)}`;
  const failed = (name: string, cause: Failure): Attempt => ({
    success: false,
    result: stepFailure(name, cause, { sessionId, sessions }),
    sessionExpired: cause.status === 404,
    sessionId,
  });

  done += 1;
  step('addProduct', { sessionId });
  const staged = await ctx.request<ProductSession>({
    method: 'POST',
    path: `${path}/product`,
    body: product,
  });
  if (!staged.success) return failed('addProduct', staged);

  for (const [index, target] of targets.entries()) {
    done += 1;
    step('addTarget', { sessionId, target: index + 1 });
    const added = await ctx.request<ProductSession>({
      method: 'POST',
      path: `${path}/audience-target`,
      body: target,
    });
    if (!added.success) return failed('addTarget', added);
  }

  done += 1;
  step('commit', { sessionId });
  const commit = await ctx.request<ProductCommitResult>({ method: 'POST', path: `${path}/commit` });
  if (!commit.success) return failed('commit', commit);
  // The gateway answers a refused commit with its own status; a 2xx saying otherwise is refused too.
  if ((commit.data as { success: boolean }).success !== true) {
    const refused: Failure = {
      success: false,
      code: 'STEP_FAILED',
      error: 'The commit did not go through',
      status: commit.status,
      details: { commit: commit.data },
    };
    return {
      success: false,
      result: stepFailure('commit', refused, { sessionId, sessions }),
      sessionExpired: false,
    };
  }
  ctx.progress('done', 100, { sessionId });
  return {
    success: true,
    result: { success: true, data: { sessionId, commit: commit.data, sessions } },
  };
}
