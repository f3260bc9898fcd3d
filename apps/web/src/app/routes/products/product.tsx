import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { PageSkeleton } from '../../../components/ui/page-skeleton';
import { paths } from '../../../config/paths';
import { useProduct } from '../../../features/products/api/get-product';
import { useProductOptions } from '../../../features/products/api/get-product-options';
import { ProductStatusChip } from '../../../features/products/components/product-status-chip';
import { ProductSummary } from '../../../features/products/components/product-summary';
import { ProductTargetCard } from '../../../features/products/components/product-target-card';
import { failureOf } from '../../../lib/operation';
import { NotFoundRoute } from '../not-found';

export default function ProductRoute() {
  const { productId = '' } = useParams();
  const product = useProduct(productId);
  const options = useProductOptions();
  const back = (
    <Link component={RouterLink} to={paths.products} variant="body2">
      Products
    </Link>
  );
  if (product.error) {
    const status = failureOf(product.error)?.status;
    if (status === 404 || status === 400) return <NotFoundRoute />;
    return (
      <>
        <PageHeader before={back} title="Product" />
        <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />
      </>
    );
  }
  if (!product.data) return <PageSkeleton />;
  const data = product.data;
  return (
    <>
      <PageHeader
        before={back}
        title={data.productName}
        subtitle={
          <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
            <Typography
              component="span"
              variant="body2"
              sx={{ fontFamily: 'ui-monospace, monospace', fontWeight: 600, color: 'text.primary' }}
            >
              {data.productCode}
            </Typography>
            <ProductStatusChip status={data.productStatus} options={options.data} />
          </Box>
        }
      />
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', lg: '3fr 2fr' },
          alignItems: 'start',
        }}
      >
        <Paper component="section" aria-labelledby="details-heading" sx={{ p: 2.5 }}>
          <Typography id="details-heading" variant="h2" sx={{ mb: 1.5 }}>
            Details
          </Typography>
          <ProductSummary product={data} options={options.data} />
        </Paper>
        <ProductTargetCard product={data} options={options.data} />
      </Box>
    </>
  );
}
