import { StateChip } from './state-chip';

/** Whether a view follows the live event stream or, with the stream down, polls. */
export function LiveIndicator({ live, pollSeconds }: { live: boolean; pollSeconds: number }) {
  return live ? (
    <StateChip label="Live" tone="success" title="Follows the live event stream" />
  ) : (
    <StateChip
      label={`Refreshing every ${pollSeconds} s`}
      tone="neutral"
      title="The live event stream is not connected: the page is read again regularly"
    />
  );
}
