import { deflatedRepeat, zipArchive, type ZipEntryInput } from './zip-archive';
import { scheduleFile, SHIFT_HEADER, type ScheduleFileKind } from './schedule-files';

/**
 * Schedule files built to hurt a parser: sheets far wider than the template, cells repeated by
 * the million, zip bombs, broken archives and huge CSV lines. Each stays under the default upload
 * limit (10 MiB), so the import routes must answer every one of them with a 4xx or a failed
 * import, never with a crashed or stalled service.
 */

/** Excel's widest sheet (column XFD). */
export const MAX_SHEET_COLUMNS = 16_384;

export interface WideSheetOptions {
  /** width of the header row: the template's columns, then padding up to this many */
  columns?: number;
  /** one-character lines below the header */
  rows?: number;
}

/**
 * The template's header padded to `columns` columns (16,384 by default), then `rows` (100,000)
 * lines of one character: as a CSV about 216 KB, as an .xlsx about 1 MB. A reader that fills
 * every row to the header's width builds 1.6 billion cells.
 */
export function wideSheet(kind: ScheduleFileKind, options: WideSheetOptions = {}): Buffer {
  const columns = options.columns ?? MAX_SHEET_COLUMNS;
  const rows = options.rows ?? 100_000;
  const padding = columns - SHIFT_HEADER.length;
  if (padding < 1) throw new Error(`a wide sheet needs more than ${SHIFT_HEADER.length} columns`);
  if (kind === 'csv') {
    const header = `${SHIFT_HEADER.join(',')}${','.repeat(padding)}\n`;
    return Buffer.from(header + 'x\n'.repeat(rows), 'utf8');
  }
  if (kind === 'xlsx') {
    const last = columnName(columns - 1);
    const header = [
      ...SHIFT_HEADER.map((name, c) => xlsxCell(c, 1, name)),
      xlsxCell(columns - 1, 1, 'x'),
    ];
    const body: string[] = [`<row r="1">${header.join('')}</row>`];
    for (let r = 2; r <= rows + 1; r += 1) body.push(`<row r="${r}">${xlsxCell(0, r, 'x')}</row>`);
    return xlsxWorkbook(xlsxSheet(`A1:${last}${rows + 1}`, body.join('')));
  }
  const header =
    SHIFT_HEADER.map((name) => odsCell(name)).join('') +
    `<table:table-cell table:number-columns-repeated="${padding - 1}"/>${odsCell('x')}`;
  const body = `<table:table-row>${header}</table:table-row>${`<table:table-row>${odsCell('x')}</table:table-row>`.repeat(rows)}`;
  return odsWorkbook(body);
}

/**
 * An .ods of a few hundred bytes whose one row, repeated `rows` times, holds a text cell repeated
 * across `columns` columns: a reader that expands repeats builds rows x columns cells
 * (16 billion by default).
 */
export function repeatedCellsOds(options: { rows?: number; columns?: number } = {}): Buffer {
  const rows = options.rows ?? 1_000_000;
  const columns = options.columns ?? MAX_SHEET_COLUMNS;
  const header = `<table:table-row>${SHIFT_HEADER.map((name) => odsCell(name)).join('')}</table:table-row>`;
  const repeated =
    `<table:table-row table:number-rows-repeated="${rows}">` +
    `<table:table-cell table:number-columns-repeated="${columns}" office:value-type="string"><text:p>x</text:p></table:table-cell>` +
    `</table:table-row>`;
  return odsWorkbook(header + repeated);
}

/**
 * An .xlsx whose sheet holds `rows` x `columns` real cells (200 x 16,384 = 3.3 million by
 * default) in well under a megabyte: every cell the same, so it compresses well.
 */
export function manyCellsXlsx(options: { rows?: number; columns?: number } = {}): Buffer {
  const rows = options.rows ?? 200;
  const columns = options.columns ?? MAX_SHEET_COLUMNS;
  const cell = '<c><v>1</v></c>'; // no r attribute: each cell follows the one before
  const header = `<row r="1">${SHIFT_HEADER.map((name, c) => xlsxCell(c, 1, name)).join('')}</row>`;
  const row = `<row>${cell.repeat(columns)}</row>`;
  return xlsxWorkbook(
    xlsxSheet(`A1:${columnName(columns - 1)}${rows + 1}`, header + row.repeat(rows)),
  );
}

export interface ZipBombOptions {
  /** what the sheet's XML inflates to: 1 GiB by default (about 1 MB zipped) */
  inflatedBytes?: number;
  /**
   * the uncompressed size the archive's headers declare for it: the true size (default),
   * a small lie, or 0 (unknown)
   */
  declared?: 'true' | 'small' | 'zero';
}

/**
 * An .xlsx or .ods whose sheet XML inflates to `inflatedBytes` (1 GiB) of whitespace inside an
 * otherwise valid document, from about a thousandth of that.
 */
export function zipBomb(kind: 'xlsx' | 'ods', options: ZipBombOptions = {}): Buffer {
  const mib = 1024 * 1024;
  const times = Math.max(1, Math.round((options.inflatedBytes ?? 1024 * mib) / mib));
  const filler = Buffer.alloc(mib, 0x20);
  const [prefix, suffix] =
    kind === 'xlsx'
      ? xlsxSheet('A1:F2', '\u0000').split('\u0000')
      : odsContent('\u0000').split('\u0000');
  const header =
    kind === 'xlsx'
      ? `<row r="1">${SHIFT_HEADER.map((name, c) => xlsxCell(c, 1, name)).join('')}</row>`
      : `<table:table-row>${SHIFT_HEADER.map((name) => odsCell(name)).join('')}</table:table-row>`;
  const content = deflatedRepeat(`${prefix ?? ''}${header}`, filler, times, suffix ?? '');
  const declaredSize =
    options.declared === 'small' ? 4_096 : options.declared === 'zero' ? 0 : undefined;
  const sheet: ZipEntryInput = {
    name: kind === 'xlsx' ? 'xl/worksheets/sheet1.xml' : 'content.xml',
    content,
    ...(declaredSize === undefined ? {} : { declaredSize }),
  };
  return kind === 'xlsx' ? xlsxArchive(sheet) : odsArchive(sheet);
}

export type CorruptionKind = 'not-zip' | 'truncated' | 'garbled-entry' | 'bad-xml' | 'no-sheet';

/**
 * A broken .xlsx or .ods: not a ZIP at all, a valid file cut in half, an entry whose deflated
 * bytes are noise, a sheet whose XML is not XML, or an archive without its sheet.
 */
export function corruptSpreadsheet(kind: 'xlsx' | 'ods', how: CorruptionKind): Buffer {
  const valid = scheduleFile(
    [[...SHIFT_HEADER], ['2026-03-02', '07:00', '19:00', 'ICU', 'Day', 2]],
    kind,
  );
  const sheetName = kind === 'xlsx' ? 'xl/worksheets/sheet1.xml' : 'content.xml';
  switch (how) {
    case 'not-zip':
      return Buffer.from(`PK\u0003\u0004 this was never a ${kind} archive`, 'latin1');
    case 'truncated':
      return valid.subarray(0, Math.floor(valid.length / 2));
    case 'garbled-entry': {
      const noise = Buffer.alloc(4_096);
      for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 7919 + 13) % 251;
      const sheet: ZipEntryInput = {
        name: sheetName,
        content: { bytes: noise, size: 65_536, crc: 0 },
      };
      return kind === 'xlsx' ? xlsxArchive(sheet) : odsArchive(sheet);
    }
    case 'bad-xml': {
      const sheet = { name: sheetName, content: Buffer.from('<<<not <xml at="all"', 'utf8') };
      return kind === 'xlsx' ? xlsxArchive(sheet) : odsArchive(sheet);
    }
    case 'no-sheet':
      return kind === 'xlsx' ? zipArchive(xlsxParts().slice(0, 3)) : zipArchive(odsParts());
  }
}

/**
 * A CSV of `bytes` bytes (10 MB by default) below the template's header: one single field
 * (`one-field`), or commas only (`many-fields`: millions of empty cells on one line).
 */
export function hugeCsvLine(shape: 'one-field' | 'many-fields', bytes = 10 * 1_000_000): Buffer {
  const header = `${SHIFT_HEADER.join(',')}\n`;
  const line = (shape === 'one-field' ? 'x' : ',').repeat(Math.max(1, bytes - header.length));
  return Buffer.from(header + line, 'utf8');
}

export interface HostileScheduleFile {
  /** what it is, for test names and reports */
  label: string;
  fileName: string;
  fileType: ScheduleFileKind;
  content: Buffer;
}

/** One of each kind above, named, for a test or a fuzzer to send to the import routes. */
export function hostileScheduleFiles(): HostileScheduleFile[] {
  const file = (label: string, fileType: ScheduleFileKind, content: Buffer) => ({
    label,
    fileName: `${label.replace(/[^a-z0-9]+/gi, '-')}.${fileType}`,
    fileType,
    content,
  });
  return [
    file('wide csv', 'csv', wideSheet('csv')),
    file('wide xlsx', 'xlsx', wideSheet('xlsx')),
    file('wide ods', 'ods', wideSheet('ods')),
    file('repeated cells ods', 'ods', repeatedCellsOds()),
    file('many cells xlsx', 'xlsx', manyCellsXlsx()),
    file('zip bomb xlsx', 'xlsx', zipBomb('xlsx')),
    file('zip bomb ods', 'ods', zipBomb('ods')),
    file('zip bomb xlsx declaring a small size', 'xlsx', zipBomb('xlsx', { declared: 'small' })),
    file('zip bomb ods declaring no size', 'ods', zipBomb('ods', { declared: 'zero' })),
    ...(['not-zip', 'truncated', 'garbled-entry', 'bad-xml', 'no-sheet'] as const).flatMap(
      (how) => [
        file(`corrupt xlsx ${how}`, 'xlsx', corruptSpreadsheet('xlsx', how)),
        file(`corrupt ods ${how}`, 'ods', corruptSpreadsheet('ods', how)),
      ],
    ),
    file('csv with a 10 MB field', 'csv', hugeCsvLine('one-field')),
    file('csv with a line of 10 million commas', 'csv', hugeCsvLine('many-fields')),
  ];
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xlsxCell(column: number, row: number, text: string): string {
  return `<c r="${columnName(column)}${row}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;
}

const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIP_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_NS = 'http://schemas.openxmlformats.org/package/2006';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

function xlsxSheet(ref: string, rows: string): string {
  return `${XML_DECLARATION}<worksheet xmlns="${SPREADSHEET_NS}"><dimension ref="${ref}"/><sheetData>${rows}</sheetData></worksheet>`;
}

/** Every part of a one-sheet .xlsx but the sheet, in the order an archive lists them. */
function xlsxParts(): ZipEntryInput[] {
  const part = (name: string, xml: string): ZipEntryInput => ({
    name,
    content: Buffer.from(XML_DECLARATION + xml, 'utf8'),
  });
  const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  return [
    part(
      '[Content_Types].xml',
      `<Types xmlns="${PACKAGE_NS}/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="${sheetType}.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${sheetType}.worksheet+xml"/>` +
        `</Types>`,
    ),
    part(
      '_rels/.rels',
      `<Relationships xmlns="${PACKAGE_NS}/relationships"><Relationship Id="rId1" Type="${RELATIONSHIP_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    part(
      'xl/workbook.xml',
      `<workbook xmlns="${SPREADSHEET_NS}" xmlns:r="${RELATIONSHIP_NS}"><sheets><sheet name="Shifts" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="${PACKAGE_NS}/relationships"><Relationship Id="rId1" Type="${RELATIONSHIP_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  ];
}

function xlsxArchive(sheet: ZipEntryInput): Buffer {
  return zipArchive([...xlsxParts(), sheet]);
}

function xlsxWorkbook(sheetXml: string): Buffer {
  return xlsxArchive({ name: 'xl/worksheets/sheet1.xml', content: Buffer.from(sheetXml, 'utf8') });
}

function odsCell(text: string): string {
  return `<table:table-cell office:value-type="string"><text:p>${escapeXml(text)}</text:p></table:table-cell>`;
}

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

function odsContent(rows: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"' +
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"' +
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">' +
    `<office:body><office:spreadsheet><table:table table:name="Shifts">${rows}</table:table>` +
    '</office:spreadsheet></office:body></office:document-content>'
  );
}

/** The parts of an .ods but its content.xml: `mimetype` first and stored, the manifest, styles. */
function odsParts(): ZipEntryInput[] {
  return [
    { name: 'mimetype', content: Buffer.from(ODS_MIME, 'ascii'), stored: true },
    {
      name: 'styles.xml',
      content: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?>' +
          '<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>',
        'utf8',
      ),
    },
    {
      name: 'META-INF/manifest.xml',
      content: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?>' +
          '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
          `<manifest:file-entry manifest:full-path="/" manifest:media-type="${ODS_MIME}"/>` +
          '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
          '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>' +
          '</manifest:manifest>',
        'utf8',
      ),
    },
  ];
}

function odsArchive(content: ZipEntryInput): Buffer {
  return zipArchive([...odsParts(), content]);
}

function odsWorkbook(rows: string): Buffer {
  return odsArchive({ name: 'content.xml', content: Buffer.from(odsContent(rows), 'utf8') });
}
