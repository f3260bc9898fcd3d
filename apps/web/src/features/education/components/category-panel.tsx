import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { RegistrationCategory } from '@medicalink/sdk';
import { DateTime } from '../../../components/ui/date-time';
import { DetailList } from '../../../components/ui/detail-list';
import { StateChip } from '../../../components/ui/state-chip';
import { categorySentence } from '../lib/category-sentence';
import { CATEGORY_LABELS } from '../lib/registration-steps';

/** The category and the rule that decided it. */
export function CategoryPanel({ category }: { category: RegistrationCategory | null }) {
  return (
    <Paper component="section" aria-labelledby="category-title" sx={{ p: 2.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
        <Typography id="category-title" variant="h2" sx={{ flex: 1 }}>
          Category
        </Typography>
        {category && <StateChip label={CATEGORY_LABELS[category.category]} tone="info" />}
      </Box>
      {!category ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Not determined yet: the graduation year and the membership decide it.
        </Typography>
      ) : (
        <>
          <Typography variant="body2" sx={{ mt: 1, mb: 1 }} title={`Rule: ${category.reason}`}>
            {categorySentence(category)}
          </Typography>
          <DetailList
            rows={[
              ['Graduation year', category.graduationYear],
              ['Current year', category.year],
              ['Membership', category.membershipActive ? 'Active' : 'Not active'],
              ['Membership ends', <DateTime value={category.membershipExpiresAt} dateOnly />],
              [
                'Decided at',
                category.decidedAtStep === 'link-account' ? 'Link account' : 'Determine category',
              ],
              ['Determined', <DateTime value={category.determinedAt} />],
            ]}
          />
        </>
      )}
    </Paper>
  );
}
