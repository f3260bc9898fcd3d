import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import ButtonBase from '@mui/material/ButtonBase';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { SelectField } from '../../../components/ui/select-field';
import { useUrlState } from '../../../components/ui/use-url-state';
import {
  DEAD_LETTER_SERVICES,
  useDeadLetterCounts,
  useDeadLetters,
  useReplayDeadLetters,
  type DeadLetterService,
} from '../../../features/operations/api/dead-letters';
import { DeadLetterCard } from '../../../features/operations/components/dead-letter-card';
import { RecentErrorsPanel } from '../../../features/operations/components/recent-errors-panel';

const KEYS = ['service'] as const;

export default function DeadLettersRoute() {
  const { values, set, page, limit } = useUrlState(KEYS);
  const service = (
    (DEAD_LETTER_SERVICES as readonly string[]).includes(values.service)
      ? values.service
      : 'orchestrator'
  ) as DeadLetterService;
  const counts = useDeadLetterCounts();
  const letters = useDeadLetters(service, page, limit);
  const replay = useReplayDeadLetters(service);
  // what the confirmation is about: some messages, or all of them (null)
  const [pending, setPending] = useState<string[] | null | undefined>(undefined);
  const total = letters.data?.meta.total ?? 0;

  const confirmReplay = () =>
    replay.mutate(pending ?? undefined, { onSettled: () => setPending(undefined) });

  return (
    <>
      <PageHeader
        title="Dead letters"
        subtitle="Messages a service could not process, kept with their error until replayed (a replay sends them back to the service's queue), and the service's recent errors."
        action={
          <SelectField
            id="dead-letters-service"
            label="Service"
            value={service}
            width={200}
            options={DEAD_LETTER_SERVICES.map((name) => [name, name] as const)}
            onChange={(next) => set({ service: next })}
          />
        }
      />
      <Box
        component="ul"
        aria-label="Dead letters per service"
        sx={{
          listStyle: 'none',
          m: 0,
          p: 0,
          mb: 2.5,
          display: 'grid',
          gap: 1.5,
          gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
        }}
      >
        {DEAD_LETTER_SERVICES.map((name, index) => {
          const count = counts[index]?.data;
          return (
            <Paper
              component="li"
              key={name}
              sx={{
                overflow: 'hidden',
                borderColor: name === service ? 'primary.main' : 'divider',
              }}
            >
              <ButtonBase
                onClick={() => set({ service: name })}
                aria-current={name === service ? 'true' : undefined}
                sx={{ display: 'block', width: '100%', textAlign: 'left', p: 1.5 }}
              >
                <Typography variant="caption" color="text.secondary">
                  {name}
                </Typography>
                <Typography
                  variant="h2"
                  component="p"
                  color={count ? 'error' : 'text.primary'}
                  sx={{ fontVariantNumeric: 'tabular-nums' }}
                >
                  {count ?? '…'}
                </Typography>
              </ButtonBase>
            </Paper>
          );
        })}
      </Box>
      <RecentErrorsPanel service={service} />
      {replay.data && (
        <Alert severity="success" sx={{ mb: 2 }}>
          {replay.data.replayed} {replay.data.replayed === 1 ? 'message' : 'messages'} sent back to
          the {service} queue. A message that fails again comes back here.
        </Alert>
      )}
      {replay.error && (
        <Box sx={{ mb: 2 }}>
          <ErrorAlert error={replay.error} title="The replay was refused" />
        </Box>
      )}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1.5 }}>
        <Typography variant="h2" sx={{ flex: 1 }}>
          {service}: {total} {total === 1 ? 'message' : 'messages'}
        </Typography>
        {total > 0 && (
          <Button variant="outlined" onClick={() => setPending(null)} disabled={replay.isPending}>
            Replay all
          </Button>
        )}
      </Box>
      {letters.error ? (
        <ErrorAlert error={letters.error} onRetry={() => void letters.refetch()} />
      ) : !letters.data ? (
        <Skeleton
          variant="rounded"
          height={200}
          role="progressbar"
          aria-label="Loading dead letters"
        />
      ) : letters.data.data.length === 0 ? (
        <Paper>
          <EmptyState title={`No dead letters in ${service}`}>
            Every message this service received was processed.
          </EmptyState>
        </Paper>
      ) : (
        <>
          <Box component="ol" aria-label="Messages" sx={{ m: 0, p: 0, display: 'grid', gap: 1.5 }}>
            {letters.data.data.map((letter) => (
              <DeadLetterCard
                key={letter.id}
                letter={letter}
                busy={replay.isPending}
                onReplay={() => setPending([letter.id])}
              />
            ))}
          </Box>
          <Pager
            meta={letters.data.meta}
            onPage={(next) => set({ page: String(next) })}
            onLimit={(next) => set({ limit: String(next) })}
          />
        </>
      )}
      <ConfirmDialog
        open={pending !== undefined}
        title={pending ? 'Replay this message?' : `Replay every ${service} dead letter?`}
        confirm={pending ? 'Replay message' : 'Replay all'}
        busy={replay.isPending}
        onClose={() => setPending(undefined)}
        onConfirm={confirmReplay}
      >
        {pending
          ? `Message ${pending[0]} goes back to the ${service} queue and is processed again.`
          : `All ${total} messages go back to the ${service} queue and are processed again.`}{' '}
        If the cause is not fixed, it fails again and returns here.
      </ConfirmDialog>
    </>
  );
}
