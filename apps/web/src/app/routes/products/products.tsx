import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import AddOutlined from '@mui/icons-material/AddOutlined';
import type { ListProductsQuery } from '@medicalink/sdk';
import { Link as RouterLink } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { useUrlState } from '../../../components/ui/use-url-state';
import { paths } from '../../../config/paths';
import { useProductOptions } from '../../../features/products/api/get-product-options';
import { useProducts } from '../../../features/products/api/get-products';
import {
  PRODUCT_FILTER_KEYS,
  ProductFilters,
} from '../../../features/products/components/product-filters';
import { ProductsTable } from '../../../features/products/components/products-table';

const NUMERIC = new Set(['category', 'status', ...PRODUCT_FILTER_KEYS.slice(4)]);

export default function ProductsRoute() {
  const { values, set, page, limit } = useUrlState(PRODUCT_FILTER_KEYS);
  const query: ListProductsQuery = { page, limit };
  for (const [key, value] of Object.entries(values)) {
    if (value.trim() === '') continue;
    (query as Record<string, unknown>)[key] = NUMERIC.has(key) ? Number(value) : value.trim();
  }
  const products = useProducts(query);
  const options = useProductOptions();
  const filtered = Object.values(values).some(Boolean);

  return (
    <>
      <PageHeader
        title="Products"
        subtitle="Every product with its audience; filters stay in the address, so a view can be shared."
        action={
          <Button
            variant="contained"
            component={RouterLink}
            to={paths.newProduct}
            startIcon={<AddOutlined />}
          >
            New product
          </Button>
        }
      />
      <ProductFilters filters={values} onChange={set} options={options.data} />
      {products.error ? (
        <ErrorAlert error={products.error} onRetry={() => void products.refetch()} />
      ) : (
        <Paper>
          {!products.data ? (
            <Skeleton
              variant="rectangular"
              height={280}
              role="progressbar"
              aria-label="Loading products"
            />
          ) : products.data.data.length === 0 ? (
            filtered ? (
              <EmptyState
                title="No product matches these filters"
                action={
                  <Button
                    onClick={() => set(Object.fromEntries(PRODUCT_FILTER_KEYS.map((k) => [k, ''])))}
                  >
                    Clear the filters
                  </Button>
                }
              >
                Widen the search, or clear the filters to see every product.
              </EmptyState>
            ) : (
              <EmptyState
                title="No products yet"
                action={
                  <Button variant="outlined" component={RouterLink} to={paths.newProduct}>
                    Create the first product
                  </Button>
                }
              >
                A product is created with its audience target in one step-by-step session.
              </EmptyState>
            )
          ) : (
            <>
              <ProductsTable products={products.data.data} options={options.data} />
              <Pager
                meta={products.data.meta}
                onPage={(next) => set({ page: String(next) })}
                onLimit={(next) => set({ limit: String(next) })}
              />
            </>
          )}
        </Paper>
      )}
    </>
  );
}
