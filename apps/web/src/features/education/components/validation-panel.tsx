import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { EducationValidation, ValidationIssue } from '@medicalink/sdk';
import type { ReactNode } from 'react';
import { DateTime } from '../../../components/ui/date-time';
import { StateChip } from '../../../components/ui/state-chip';

interface CheckRow {
  name: string;
  isValid: boolean;
  detail: ReactNode;
}

/**
 * The validation, check by check: passed or not, the college's confidence and suggestions (each
 * a button that corrects the field), the reasons, and the weighted score.
 */
export function ValidationPanel(props: {
  validation: EducationValidation | null;
  universityName?: string | undefined;
  onUseCollege?: ((college: string) => void) | undefined;
}) {
  const { validation } = props;
  if (!validation) {
    return (
      <Paper component="section" aria-labelledby="validation-title" sx={{ p: 2.5 }}>
        <Typography id="validation-title" variant="h2">
          Validation
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Not validated yet. &ldquo;Validate&rdquo; checks the college and the university against
          the country, the business id, the graduation year, the degree type and the access
          modifier.
        </Typography>
      </Paper>
    );
  }
  const { checks } = validation;
  const college = checks.collegeCountry;
  const rows: CheckRow[] = [
    ...(college
      ? [
          {
            name: 'College in the country',
            isValid: college.isValid,
            detail: (
              <>
                {college.college} · confidence {college.confidence}%
                {college.foundInCountries && (
                  <Box component="span" sx={{ display: 'block' }}>
                    A college of that name is in {college.foundInCountries.join(', ')}.
                  </Box>
                )}
                {college.suggestions && college.suggestions.length > 0 && (
                  <Box
                    sx={{
                      display: 'flex',
                      flexWrap: 'wrap',
                      alignItems: 'center',
                      gap: 1,
                      mt: 0.75,
                    }}
                  >
                    <Typography variant="caption" color="text.secondary">
                      Did you mean
                    </Typography>
                    {college.suggestions.map((suggestion) =>
                      props.onUseCollege ? (
                        <Button
                          key={suggestion}
                          size="small"
                          variant="outlined"
                          onClick={() => props.onUseCollege?.(suggestion)}
                        >
                          Use {suggestion}
                        </Button>
                      ) : (
                        <StateChip key={suggestion} label={suggestion} tone="neutral" />
                      ),
                    )}
                  </Box>
                )}
              </>
            ),
          },
        ]
      : []),
    {
      name: 'University in the country',
      isValid: checks.universityCountry.isValid,
      detail:
        (checks.universityCountry.reasons ?? []).join('; ') ||
        props.universityName ||
        checks.universityCountry.university,
    },
    {
      name: 'Business id not used yet',
      isValid: checks.userBusinessId.isUnique,
      detail: checks.userBusinessId.isUnique
        ? checks.userBusinessId.userBusinessId
        : `${checks.userBusinessId.userBusinessId} already has ${(
            checks.userBusinessId.existingRecords ?? []
          )
            .map((entry) => (entry.kind === 'record' ? 'a record' : 'a registration in progress'))
            .join(' and ')}`,
    },
    {
      name: 'Graduation year plausible',
      isValid: checks.graduationYear.isValid,
      detail:
        (checks.graduationYear.reasons ?? []).join('; ') ||
        `Between ${checks.graduationYear.min} and ${checks.graduationYear.max}`,
    },
    {
      name: 'Degree type known',
      isValid: checks.degreeType.isValid,
      detail: (checks.degreeType.reasons ?? []).join('; '),
    },
    {
      name: 'Access modifier known',
      isValid: checks.accessModifier.isValid,
      detail: (checks.accessModifier.reasons ?? []).join('; '),
    },
  ];

  return (
    <Paper component="section" aria-labelledby="validation-title" sx={{ p: 2.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
        <Typography id="validation-title" variant="h2" sx={{ flex: 1 }}>
          Validation
        </Typography>
        <StateChip
          label={validation.isValid ? 'Valid' : 'Not valid'}
          tone={
            validation.isValid ? (validation.warnings.length > 0 ? 'warning' : 'success') : 'error'
          }
        />
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mt: 1.5 }}>
        <LinearProgress
          variant="determinate"
          value={validation.validationScore}
          aria-label="Validation score"
          color={validation.validationScore >= 80 ? 'success' : 'warning'}
          sx={{ flex: 1, height: 8, borderRadius: 4 }}
        />
        <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 90 }}>
          Score {validation.validationScore} / 100
        </Typography>
      </Box>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5 }}>
        Validated <DateTime value={validation.validatedAt} />
      </Typography>
      <Box component="ul" aria-label="Checks" sx={{ listStyle: 'none', p: 0, m: 0, mt: 1.5 }}>
        {rows.map((row) => (
          <Box
            component="li"
            key={row.name}
            sx={{
              display: 'grid',
              gridTemplateColumns: { xs: '1fr', sm: '220px 90px 1fr' },
              gap: 1,
              py: 1,
              borderTop: 1,
              borderColor: 'divider',
              alignItems: 'start',
            }}
          >
            <Typography variant="body2" sx={{ fontWeight: 500 }}>
              {row.name}
            </Typography>
            <Box>
              <StateChip
                label={row.isValid ? 'Passed' : 'Failed'}
                tone={row.isValid ? 'success' : 'error'}
              />
            </Box>
            <Typography variant="body2" color="text.secondary" component="div">
              {row.detail || '—'}
            </Typography>
          </Box>
        ))}
      </Box>
      <IssueList title="Critical failures" issues={validation.criticalFailures} />
      <IssueList title="Warnings" issues={validation.warnings} />
    </Paper>
  );
}

function IssueList({ title, issues }: { title: string; issues: ValidationIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <Box sx={{ mt: 1.5 }}>
      <Typography variant="h3" component="h3">
        {title}
      </Typography>
      <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
        {issues.map((issue) => (
          <Typography component="li" variant="body2" key={`${issue.code}-${issue.field ?? ''}`}>
            {issue.message}{' '}
            <Typography component="span" variant="caption" color="text.secondary">
              ({issue.code})
            </Typography>
          </Typography>
        ))}
      </Box>
    </Box>
  );
}
