import {
  errorMessage,
  reportSpans,
  sendToParent,
  specFromArgv,
  type ServerSpec,
} from '../echo-spec';

/**
 * Runs one echo server in this (forked) process: start it, report 'ready' over
 * IPC, and on SIGTERM (or the parent going away) close it, report its spans (traced) and exit.
 */
export function serveEcho(start: (spec: ServerSpec) => Promise<() => Promise<void>>): void {
  let close: (() => Promise<void>) | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const closing = (close ? close() : Promise.resolve()).then(reportSpans);
    const forceExit = setTimeout(() => process.exit(0), 5_000);
    forceExit.unref();
    closing.then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);

  start(specFromArgv<ServerSpec>())
    .then((closer) => {
      close = closer;
      return sendToParent({ type: 'ready' });
    })
    .catch(async (error: unknown) => {
      await sendToParent({ type: 'failed', message: errorMessage(error) });
      process.exit(1);
    });
}
