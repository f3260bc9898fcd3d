import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { currentTraceContext, enterTraceContext, runInTraceContext } from '../message-context';

/**
 * OpenTelemetry's AsyncLocalStorage context manager, keeping the active context in the storage
 * the message context already uses instead of a second one (binding callbacks and event
 * emitters is inherited: it goes through with()).
 */
export class SharedContextManager extends AsyncLocalStorageContextManager {
  override active(): Context {
    return (currentTraceContext() as Context | undefined) ?? ROOT_CONTEXT;
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return runInTraceContext(context, () => fn.apply(thisArg, args));
  }

  override attach(context: Context): { dispose(): void } {
    return { dispose: enterTraceContext(context) };
  }

  override enable(): this {
    return this;
  }

  override disable(): this {
    return this;
  }
}
