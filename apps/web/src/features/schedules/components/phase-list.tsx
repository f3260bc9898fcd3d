import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ScheduleImportPhase } from '@medicalink/sdk';
import { ImportStateChip } from './import-status-chip';

const PHASE_NAMES: Record<ScheduleImportPhase['name'], { name: string; what: string }> = {
  spreadsheet: { name: 'Spreadsheet', what: 'Reads the shifts from the file' },
  roster: { name: 'Roster', what: 'Matches the staff roster to doctors' },
  coverage: { name: 'Coverage', what: 'Compares required and assigned staff' },
};

/**
 * The three phases as they run: each with its state, whether its failure stops the import
 * (critical) or only warns, its duration and its messages.
 */
export function PhaseList({ phases }: { phases: ScheduleImportPhase[] }) {
  return (
    <Box
      component="ol"
      aria-label="Phases"
      sx={{
        listStyle: 'none',
        m: 0,
        p: 0,
        display: 'grid',
        gap: 1.5,
        gridTemplateColumns: { xs: '1fr', md: 'repeat(3, minmax(0, 1fr))' },
      }}
    >
      {phases.map((phase, index) => {
        const { name, what } = PHASE_NAMES[phase.name] ?? { name: phase.name, what: '' };
        const headingId = `phase-${phase.name}`;
        return (
          <Paper component="li" key={phase.name} aria-labelledby={headingId} sx={{ p: 2 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <Typography
                variant="caption"
                color="text.secondary"
                aria-hidden
                sx={{ fontWeight: 600 }}
              >
                {index + 1}
              </Typography>
              <Typography id={headingId} variant="h3" component="h3" sx={{ flex: 1 }}>
                {name}
              </Typography>
              {phase.state === 'running' && <CircularProgress size={14} aria-hidden />}
              <ImportStateChip state={phase.state} />
            </Box>
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5 }}>
              {what} ·{' '}
              {phase.critical
                ? 'critical: a failure stops the import'
                : 'not critical: a failure only warns'}
              {phase.startedAt && phase.finishedAt
                ? ` · ${Math.max(0, Date.parse(phase.finishedAt) - Date.parse(phase.startedAt))} ms`
                : ''}
            </Typography>
            {phase.messages.length > 0 && (
              <Box component="ul" sx={{ m: 0, mt: 1, pl: 2.25 }}>
                {phase.messages.slice(0, 3).map((message, i) => (
                  <Typography component="li" variant="caption" key={`${message.code}-${i}`}>
                    {message.level}: {message.message}
                  </Typography>
                ))}
                {phase.messages.length > 3 && (
                  <Typography component="li" variant="caption" color="text.secondary">
                    {phase.messages.length - 3} more in the table below
                  </Typography>
                )}
              </Box>
            )}
          </Paper>
        );
      })}
    </Box>
  );
}
