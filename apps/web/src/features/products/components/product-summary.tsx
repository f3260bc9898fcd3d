import type { Product, ProductOptions } from '@medicalink/sdk';
import { DateTime } from '../../../components/ui/date-time';
import { DetailList } from '../../../components/ui/detail-list';
import { describeProduct } from '../lib/product-form';

/** A stored product's fields, by label, with when it was created and last changed. */
export function ProductSummary({
  product,
  options,
}: {
  product: Product;
  options: ProductOptions | undefined;
}) {
  const rows = describeProduct(product, options)
    .filter((row) => row.label !== 'Product name')
    .map((row) => [row.label, row.value] as const);
  return (
    <DetailList
      rows={[
        ...rows,
        ['Created', <DateTime value={product.createdAt} />],
        ['Updated', <DateTime value={product.updatedAt} />],
      ]}
    />
  );
}
