import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useParams } from 'react-router';
import { BackLink } from '../../../components/ui/back-link';
import { DetailPending } from '../../../components/ui/detail-failure';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useProduct } from '../../../features/products/api/get-product';
import { useProductOptions } from '../../../features/products/api/get-product-options';
import { ProductStatusChip } from '../../../features/products/components/product-status-chip';
import { ProductSummary } from '../../../features/products/components/product-summary';
import { ProductTargetCard } from '../../../features/products/components/product-target-card';

export default function ProductRoute() {
  const { productId = '' } = useParams();
  const product = useProduct(productId);
  const options = useProductOptions();
  const back = <BackLink to={paths.products}>Products</BackLink>;
  if (product.error || !product.data) {
    return <DetailPending query={product} title="Product" before={back} />;
  }
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
