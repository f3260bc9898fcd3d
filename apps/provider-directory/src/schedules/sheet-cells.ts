import * as XLSX from '@e965/xlsx';

/**
 * Counts, in a spreadsheet's XML, the cells SheetJS would build from it, without parsing it: a
 * cheap upper bound checked before the parse, so that a file of a few kilobytes cannot make the
 * parser build billions of cells. Counting stops once past `limit`.
 */

/**
 * Cells SheetJS builds from an .xlsx part: one per `<c>` element, one per comment (a comment on
 * an empty cell creates it), and every cell of a hyperlink's range (SheetJS creates each one to
 * attach the link: `A1:XFD1048576` is 17 billion cells). Any namespace prefix.
 */
export function countXlsxCells(xml: Buffer, limit: number): number {
  const text = xml.toString('latin1');
  const tags = /<(?:[^\s?<>!/:]*:)?(c|comment|threadedComment|hyperlink)(?=[\s/>])([^>]*)/g;
  let cells = 0;
  for (let tag = tags.exec(text); tag && cells <= limit; tag = tags.exec(text)) {
    cells += tag[1] === 'hyperlink' ? hyperlinkCells(tag[2] ?? '') : 1;
  }
  return cells;
}

function hyperlinkCells(attributes: string): number {
  let cells = 0;
  for (const [, double, single] of attributes.matchAll(
    /[\s:]ref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi,
  )) {
    const { s, e } = XLSX.utils.decode_range(double ?? single ?? '');
    cells = Math.max(cells, Math.max(0, e.r - s.r + 1) * Math.max(0, e.c - s.c + 1));
  }
  return cells;
}

/** SheetJS's own tag pattern for OpenDocument XML: closing slash, prefix, local name. */
const ODS_TAG = /<(\/?)([^\s?><!/:]*:|)([^\s?<>:/]+)(?:[\s?:/][^>]*)?>/g;
/** table-row and table-cell, and the names SheetJS also takes for them (Uniform Office Format) */
const ROW_TAGS = new Set(['table-row', '行']);
const CELL_TAGS = new Set(['table-cell', '数据']);

/**
 * Cells of an .ods `content.xml`: a cell element stands for `number-columns-repeated` cells, in
 * each of its row's `number-rows-repeated` rows (SheetJS builds every one of them when the cell
 * has content). Counted as SheetJS reads the attributes (any prefix, either way of reading a
 * number), taking the larger reading.
 */
export function countOdsCells(xml: Buffer, limit: number): number {
  const text = xml.toString('utf8');
  ODS_TAG.lastIndex = 0;
  let rowRepeat = 1;
  let cells = 0;
  for (let tag = ODS_TAG.exec(text); tag && cells <= limit; tag = ODS_TAG.exec(text)) {
    const closing = tag[1] === '/';
    const name = (tag[3] ?? '').replace(/_[\s\S]*$/, '');
    if (ROW_TAGS.has(name)) {
      rowRepeat = closing ? 1 : repeatCount(tag[0], 'number-rows-repeated');
    } else if (CELL_TAGS.has(name) && !closing) {
      // a self-closing cell is stored once at most, whatever it repeats
      cells += tag[0].endsWith('/>')
        ? 1
        : rowRepeat * repeatCount(tag[0], 'number-columns-repeated');
    }
  }
  return cells;
}

function repeatCount(tag: string, attribute: string): number {
  const values = tag.matchAll(
    new RegExp(`[\\s:]${attribute}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>/]+))`, 'gi'),
  );
  let count = 1;
  for (const [, double, single, bare] of values) {
    const value = double ?? single ?? bare ?? '';
    count = Math.max(count, Number(value) || 0, Number.parseInt(value, 10) || 0);
  }
  return count;
}
