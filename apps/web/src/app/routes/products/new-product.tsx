import { useNavigate } from 'react-router';
import { BackLink } from '../../../components/ui/back-link';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { ProductStepper } from '../../../features/products/components/product-stepper';

export default function NewProductRoute() {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        before={<BackLink to={paths.products}>Products</BackLink>}
        title="New product"
        subtitle="Product details, an optional audience target, then one commit that creates both. The draft is kept for the session's two hours."
      />
      <ProductStepper onCommitted={(productId) => void navigate(paths.product(productId))} />
    </>
  );
}
