import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Product, ProductOptions } from '@medicalink/sdk';
import { DateTime } from '../../../components/ui/date-time';
import { describeProduct } from '../lib/product-form';

/** A stored product's fields, by label, with when it was created and last changed. */
export function ProductSummary({
  product,
  options,
}: {
  product: Product;
  options: ProductOptions | undefined;
}) {
  const rows = describeProduct(product, options).filter((row) => row.label !== 'Product name');
  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', sm: 'max-content 1fr' },
        columnGap: 3,
        rowGap: 0.75,
        m: 0,
      }}
    >
      {rows.map(({ label, value }) => (
        <Box key={label} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {label}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
            {value}
          </Typography>
        </Box>
      ))}
      <Typography component="dt" variant="body2" color="text.secondary">
        Created
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0 }}>
        <DateTime value={product.createdAt} />
      </Typography>
      <Typography component="dt" variant="body2" color="text.secondary">
        Updated
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0 }}>
        <DateTime value={product.updatedAt} />
      </Typography>
    </Box>
  );
}
