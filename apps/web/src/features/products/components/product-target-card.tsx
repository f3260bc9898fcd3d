import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import EditOutlined from '@mui/icons-material/EditOutlined';
import type { AudienceTarget, Product, ProductOptions } from '@medicalink/sdk';
import { useState } from 'react';
import { DateTime } from '../../../components/ui/date-time';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { useReplaceProductTarget } from '../api/replace-product-target';
import { completeTarget } from '../lib/criteria';
import { TargetDetails } from './target-details';
import { TargetFields } from './target-fields';
import { TargetPreview } from './target-preview';

/** A product's audience target: who may see it, and an editor that replaces it. */
export function ProductTargetCard({
  product,
  options,
}: {
  product: Product;
  options: ProductOptions | undefined;
}) {
  const replace = useReplaceProductTarget(product.id);
  const [draft, setDraft] = useState<AudienceTarget | null>(null);
  const [saved, setSaved] = useState(false);

  const save = () => {
    if (!draft) return;
    replace.mutate(completeTarget(draft), {
      onSuccess: () => {
        setDraft(null);
        setSaved(true);
      },
    });
  };

  return (
    <Paper component="section" aria-labelledby="target-heading" sx={{ p: 2.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1.5 }}>
        <Typography id="target-heading" variant="h2" sx={{ flex: 1 }}>
          Audience target
        </Typography>
        {!draft && (
          <Button
            size="small"
            variant="outlined"
            startIcon={<EditOutlined fontSize="small" />}
            onClick={() => {
              setSaved(false);
              replace.reset();
              setDraft(completeTarget(product.target));
            }}
          >
            Edit target
          </Button>
        )}
      </Box>
      {saved && (
        <Alert severity="success" sx={{ mb: 1.5 }} onClose={() => setSaved(false)}>
          Target saved.
        </Alert>
      )}
      {draft ? (
        <Box
          component="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          {replace.error && (
            <Box sx={{ mb: 2 }}>
              <ErrorAlert error={replace.error} />
            </Box>
          )}
          <TargetFields target={draft} onChange={setDraft} options={options} />
          <Box sx={{ mt: 2 }}>
            <TargetPreview target={draft} options={options} label="Target preview" />
          </Box>
          <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, mt: 2 }}>
            <Button onClick={() => setDraft(null)} disabled={replace.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="contained" disabled={replace.isPending}>
              Save target
            </Button>
          </Box>
        </Box>
      ) : (
        <>
          <Box sx={{ mb: 2 }}>
            <TargetPreview
              target={product.target}
              options={options}
              label="Who may see this product"
            />
          </Box>
          <TargetDetails target={product.target} options={options} />
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1.5 }}>
            Changed <DateTime value={product.target.updatedAt} />
          </Typography>
        </>
      )}
    </Paper>
  );
}
