import TablePagination from '@mui/material/TablePagination';
import type { PaginationMetadata } from '@medicalink/sdk';

/** Paging for a table, from the gateway's pagination metadata; without onLimit, a fixed size. */
export function Pager(props: {
  meta: PaginationMetadata | undefined;
  onPage: (page: number) => void;
  onLimit?: (limit: number) => void;
}) {
  if (!props.meta) return null;
  const { meta } = props;
  return (
    <TablePagination
      component="div"
      count={meta.total}
      page={Math.max(0, meta.page - 1)}
      rowsPerPage={meta.limit}
      rowsPerPageOptions={props.onLimit ? [10, 20, 50, 100] : []}
      onPageChange={(_, page) => props.onPage(page + 1)}
      onRowsPerPageChange={(event) => props.onLimit?.(Number(event.target.value))}
    />
  );
}
