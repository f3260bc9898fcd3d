import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import type { ImportValidation } from '@medicalink/sdk';
import { EmptyState } from '../../../components/ui/empty-state';
import { SelectField } from '../../../components/ui/select-field';
import { StateChip } from '../../../components/ui/state-chip';
import { useUrlState } from '../../../components/ui/use-url-state';
import {
  filterMessages,
  mergedMessages,
  sortMessages,
  type MessageLevel,
  type MessageSortKey,
} from '../lib/import-messages';

const COLUMNS: { key: MessageSortKey; label: string }[] = [
  { key: 'level', label: 'Level' },
  { key: 'sheet', label: 'Sheet' },
  { key: 'row', label: 'Row' },
  { key: 'column', label: 'Column' },
  { key: 'code', label: 'Code' },
];
const LEVEL_TONES = { error: 'error', warning: 'warning', info: 'info' } as const;
const KEYS = ['level', 'find', 'sort', 'dir'] as const;

/**
 * The merged errors, warnings and infos, rows numbered as the spreadsheet shows them (the
 * header is row 1); sorted by any column and filtered by level and text, kept in the URL.
 */
export function MessagesTable({ validation }: { validation: ImportValidation }) {
  const { values, set } = useUrlState(KEYS);
  const level = (['error', 'warning', 'info'].includes(values.level) ? values.level : '') as
    MessageLevel | '';
  const sort = (COLUMNS.some((c) => c.key === values.sort) ? values.sort : 'row') as MessageSortKey;
  const direction = values.dir === 'desc' ? 'desc' : 'asc';
  const all = mergedMessages(validation);
  const shown = sortMessages(filterMessages(all, level, values.find), sort, direction);

  return (
    <>
      <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', px: 2, pb: 1.5 }}>
        <SelectField
          id="messages-level"
          label="Level"
          value={level}
          width={170}
          options={[
            ['', `All (${all.length})`],
            ['error', `Errors (${validation.errors.length})`],
            ['warning', `Warnings (${validation.warnings.length})`],
            ['info', `Infos (${validation.infos.length})`],
          ]}
          onChange={(next) => set({ level: next })}
        />
        <TextField
          id="messages-find"
          label="Filter messages"
          value={values.find}
          onChange={(event) => set({ find: event.target.value })}
          sx={{ minWidth: 240 }}
        />
      </Box>
      {shown.length === 0 ? (
        <EmptyState title={all.length === 0 ? 'Nothing to report' : 'No message matches'}>
          {all.length === 0
            ? 'The file was read without errors, warnings or notes.'
            : 'Change the level or the filter.'}
        </EmptyState>
      ) : (
        <TableContainer>
          <Table aria-label="Validation messages">
            <TableHead>
              <TableRow>
                {COLUMNS.map((column) => (
                  <TableCell
                    key={column.key}
                    sortDirection={sort === column.key ? direction : false}
                    align={column.key === 'row' ? 'right' : 'left'}
                  >
                    <TableSortLabel
                      active={sort === column.key}
                      direction={sort === column.key ? direction : 'asc'}
                      onClick={() =>
                        set({
                          sort: column.key,
                          dir: sort === column.key && direction === 'asc' ? 'desc' : '',
                        })
                      }
                    >
                      {column.label}
                    </TableSortLabel>
                  </TableCell>
                ))}
                <TableCell>Message</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map((message, index) => (
                <TableRow key={`${message.level}-${message.code}-${message.row ?? ''}-${index}`}>
                  <TableCell>
                    <StateChip label={message.level} tone={LEVEL_TONES[message.level]} />
                  </TableCell>
                  <TableCell>{message.sheet ?? '—'}</TableCell>
                  <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                    {message.row ?? '—'}
                  </TableCell>
                  <TableCell>{message.column ?? '—'}</TableCell>
                  <TableCell sx={{ fontFamily: 'ui-monospace, monospace', fontSize: '0.75rem' }}>
                    {message.code}
                  </TableCell>
                  <TableCell>{message.message}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
