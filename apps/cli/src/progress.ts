import { SingleBar } from 'cli-progress';
import type { ClientEvent, MedicaLinkClient } from '@medicalink/sdk';
import type { Io } from './output';

/**
 * Shows an operation's progress events on stderr: a bar on a terminal, else one plain line
 * per step (logs and pipes get no control characters). Returns a function that stops it.
 */
export function showProgress(client: MedicaLinkClient, io: Io, label: string): () => void {
  const bar = io.errIsTty
    ? new SingleBar({
        format: `${label} |{bar}| {percentage}% {step}`,
        hideCursor: true,
        clearOnComplete: false,
        stream: process.stderr,
      })
    : undefined;
  let started = false;
  let last = 0;
  const listener = (event: ClientEvent) => {
    if (event.type !== 'operation_progress') return;
    const percentage = event.percentage ?? last;
    last = percentage;
    if (bar) {
      if (!started) bar.start(100, percentage, { step: event.step });
      else bar.update(percentage, { step: event.step });
      started = true;
      return;
    }
    const known = event.percentage === undefined ? '' : ` ${event.percentage}%`;
    io.err(`${label}: ${event.step}${known}\n`);
  };
  const remove = client.addEventListener(listener);
  return () => {
    remove();
    if (bar && started) bar.stop();
  };
}
