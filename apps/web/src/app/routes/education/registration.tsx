import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useParams } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { BackLink } from '../../../components/ui/back-link';
import { DetailPending } from '../../../components/ui/detail-failure';
import { DetailList } from '../../../components/ui/detail-list';
import { LiveIndicator } from '../../../components/ui/live-indicator';
import { PageHeader } from '../../../components/ui/page-header';
import { StateChip } from '../../../components/ui/state-chip';
import { paths } from '../../../config/paths';
import { isSettled, useRegistration } from '../../../features/education/api/registrations';
import { useUniversities } from '../../../features/education/api/reference';
import { AuditTimeline } from '../../../features/education/components/audit-timeline';
import { CategoryPanel } from '../../../features/education/components/category-panel';
import { RegistrationStatusChip } from '../../../features/education/components/registration-status-chip';
import { RegistrationStepsPanel } from '../../../features/education/components/registration-steps-panel';
import { useStartRegistration } from '../../../features/education/components/use-start-registration';
import { ValidationPanel } from '../../../features/education/components/validation-panel';
import { formFromRegistration } from '../../../features/education/lib/registration-form';
import { ACCESS_LABELS, DEGREE_LABELS } from '../../../features/education/lib/registration-steps';
import { useCan } from '../../../lib/authorization';

export default function RegistrationRoute() {
  const { sessionId = '' } = useParams();
  const registration = useRegistration(sessionId);
  const staff = useCan('education:skip-validation');
  const start = useStartRegistration();
  const universities = useUniversities(registration.data?.educationData.country ?? '');
  const back = <BackLink to={paths.education}>Education</BackLink>;
  if (registration.error || !registration.data)
    return <DetailPending query={registration} title="Registration" before={back} />;
  const session = registration.data;
  const data = session.educationData;
  const universityName = universities.data?.find((entry) => entry.id === data.university)?.name;
  const rows: [string, React.ReactNode][] = [
    ['Business id', session.userBusinessId],
    ['Graduation year', data.graduationYear],
    ['Country', data.country],
    ['University', universityName ?? data.university],
    ['College', data.college ?? '—'],
    ['Degree', DEGREE_LABELS[data.degreeType]],
    ['Access', ACCESS_LABELS[data.accessModifier]],
    ['Linked account', session.linkedAccountId ?? '—'],
    ['Record', session.createdEducationId ?? '—'],
    ['Started', <DateTime key="c" value={session.createdAt} />],
    ['Expires', <DateTime key="e" value={session.expiresAt} />],
  ];

  return (
    <>
      <PageHeader
        before={back}
        title={`Registration of ${session.userBusinessId}`}
        subtitle={
          <Box
            component="span"
            sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
          >
            <RegistrationStatusChip status={session.status} />
            {!isSettled(session) && <LiveIndicator live={registration.live} pollSeconds={5} />}
            {session.options.priority === 'high' && (
              <StateChip label="High priority" tone="warning" />
            )}
            {session.options.skipValidation && (
              <StateChip label="Validation skipped" tone="neutral" />
            )}
            <span>
              Last change <DateTime value={session.lastUpdatedAt} />
            </span>
          </Box>
        }
      />
      <Box
        sx={{
          display: 'grid',
          gap: 2.5,
          gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 2fr) minmax(280px, 1fr)' },
          alignItems: 'start',
        }}
      >
        <Box sx={{ display: 'grid', gap: 2.5, minWidth: 0 }}>
          <RegistrationStepsPanel
            session={session}
            ownAccountId={staff ? undefined : start.accountId}
          />
          <ValidationPanel
            validation={session.validation}
            universityName={universityName}
            onUseCollege={(college) => start.open(formFromRegistration(session, { college }))}
          />
          <CategoryPanel category={session.category} />
        </Box>
        <Box sx={{ display: 'grid', gap: 2.5, minWidth: 0 }}>
          <Paper component="section" aria-labelledby="registration-data" sx={{ p: 2.5 }}>
            <Typography id="registration-data" variant="h2" sx={{ mb: 1.5 }}>
              Education data
            </Typography>
            <DetailList rows={rows} />
          </Paper>
          <AuditTimeline sessionId={session.sessionId} />
        </Box>
      </Box>
      {start.dialog}
    </>
  );
}
