import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { Product, ProductOptions } from '@medicalink/sdk';
import { Link as RouterLink } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { paths } from '../../../config/paths';
import { labelOf, targetPreview } from '../lib/criteria';
import { ProductStatusChip } from './product-status-chip';

/** One page of products, each code linking to its page; choice values shown by label. */
export function ProductsTable(props: { products: Product[]; options: ProductOptions | undefined }) {
  return (
    <TableContainer>
      <Table aria-label="Products">
        <TableHead>
          <TableRow>
            <TableCell>Code</TableCell>
            <TableCell>Name</TableCell>
            <TableCell>Category</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Year</TableCell>
            <TableCell align="right">Price</TableCell>
            <TableCell>Audience</TableCell>
            <TableCell>Updated</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.products.map((product) => (
            <TableRow key={product.id} hover>
              <TableCell sx={{ fontFamily: 'ui-monospace, monospace', whiteSpace: 'nowrap' }}>
                <Link component={RouterLink} to={paths.product(product.id)}>
                  {product.productCode}
                </Link>
              </TableCell>
              <TableCell>{product.productName}</TableCell>
              <TableCell>{labelOf(props.options, 'category', product.productCategory)}</TableCell>
              <TableCell>
                <ProductStatusChip status={product.productStatus} options={props.options} />
              </TableCell>
              <TableCell>{product.productYear}</TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                {product.generalPrice.toFixed(2)}
              </TableCell>
              <TableCell sx={{ color: 'text.secondary' }}>
                {targetPreview(product.target, props.options)
                  .map((item) => item.text)
                  .join(' · ')}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <DateTime value={product.updatedAt} dateOnly />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
