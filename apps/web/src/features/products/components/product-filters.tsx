import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import TuneOutlined from '@mui/icons-material/TuneOutlined';
import type { ProductOptions } from '@medicalink/sdk';
import { useState } from 'react';
import { SearchField } from '../../../components/ui/search-field';
import { CRITERIA } from '../lib/criteria';
import { ChoiceField } from './choice-field';

export const PRODUCT_FILTER_KEYS = [
  'search',
  'category',
  'status',
  'year',
  'province',
  'registrationClass',
  'practiceArea',
  'yearsInPractice',
  'employmentStatus',
  'employmentSector',
] as const;

type FilterKey = (typeof PRODUCT_FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;

/** The list's filters; the audience match finds products whose target admits one value. */
export function ProductFilters(props: {
  filters: Filters;
  onChange: (changes: Partial<Filters>) => void;
  options: ProductOptions | undefined;
}) {
  const { filters, onChange, options } = props;
  const audienceActive = CRITERIA.some((criterion) => filters[criterion.query]);
  const [showAudience, setShowAudience] = useState(audienceActive);
  return (
    <Box sx={{ mb: 2 }}>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'flex-start' }}>
        <SearchField
          label="Search products"
          placeholder="Code or name"
          value={filters.search}
          onChange={(search) => onChange({ search })}
        />
        <Box sx={{ width: 180 }}>
          <ChoiceField
            name="filter-category"
            label="Category"
            value={filters.category}
            options={options?.category}
            placeholder="Any category"
            onChange={(category) => onChange({ category })}
          />
        </Box>
        <Box sx={{ width: 160 }}>
          <ChoiceField
            name="filter-status"
            label="Status"
            value={filters.status}
            options={options?.status}
            placeholder="Any status"
            onChange={(status) => onChange({ status })}
          />
        </Box>
        <TextField
          label="Year"
          value={filters.year}
          onChange={(event) => {
            const year = event.target.value.trim();
            if (year === '' || /^\d{4}$/.test(year)) onChange({ year });
          }}
          placeholder="Any"
          sx={{ width: 100 }}
          slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 4 } }}
        />
        <Button
          startIcon={<TuneOutlined fontSize="small" />}
          onClick={() => setShowAudience((shown) => !shown)}
          aria-expanded={showAudience}
          aria-controls="audience-filters"
          sx={{ mt: 0.25 }}
        >
          Audience match{audienceActive ? ' (on)' : ''}
        </Button>
      </Box>
      <Collapse in={showAudience} id="audience-filters">
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2, mb: 1.5 }}>
          Products a member with these answers may see (a product open to all on a criterion matches
          any answer).
        </Typography>
        <Box
          sx={{
            display: 'grid',
            gap: 1.5,
            gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
          }}
        >
          {CRITERIA.map((criterion) => (
            <ChoiceField
              key={criterion.key}
              name={`filter-${criterion.query}`}
              label={criterion.one}
              value={filters[criterion.query]}
              options={options?.[criterion.key]}
              placeholder="Any"
              onChange={(value) => onChange({ [criterion.query]: value })}
            />
          ))}
        </Box>
      </Collapse>
    </Box>
  );
}
