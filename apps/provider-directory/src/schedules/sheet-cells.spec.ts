import { describe, expect, it } from 'vitest';
import { countOdsCells, countXlsxCells } from './sheet-cells';

const LIMIT = 1_000_000_000;
const xml = (text: string) => Buffer.from(text, 'utf8');

describe('countXlsxCells', () => {
  it('counts <c> elements with or without a namespace prefix, not <col> or <cellXfs>', () => {
    const sheet = xml(
      '<worksheet><cols><col min="1" max="3"/></cols><sheetData><row r="1">' +
        '<c r="A1"><v>1</v></c><c r="B1"/><x:c r="C1"></x:c></row></sheetData></worksheet>',
    );

    expect(countXlsxCells(sheet, LIMIT)).toBe(3);
  });

  it('counts every cell of a hyperlink range, and each comment, which SheetJS turns into cells', () => {
    const links = xml('<hyperlinks><hyperlink ref="A1:XFD1048576" location="x"/></hyperlinks>');
    const comments = xml(
      '<comments><commentList><comment ref="A1"/><comment ref="B2"></comment></commentList></comments>',
    );

    expect(countXlsxCells(links, Number.MAX_SAFE_INTEGER)).toBe(16_384 * 1_048_576);
    expect(countXlsxCells(comments, LIMIT)).toBe(2);
  });

  it('stops counting once past the limit', () => {
    expect(countXlsxCells(xml('<c/>'.repeat(1_000)), 10)).toBe(11);
  });
});

describe('countOdsCells', () => {
  it('multiplies a cell with content by its column and row repeats', () => {
    const content = xml(
      '<table:table><table:table-row table:number-rows-repeated="1000">' +
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell>' +
        '</table:table-row></table:table>',
    );

    expect(countOdsCells(content, Number.MAX_SAFE_INTEGER)).toBe(16_384_000);
  });

  it('counts a self-closing cell once whatever it repeats, and resets the row repeat after the row', () => {
    const content = xml(
      '<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>' +
        '<table:table-row><table:table-cell table:number-columns-repeated="3"><text:p>a</text:p></table:table-cell></table:table-row>',
    );

    expect(countOdsCells(content, LIMIT)).toBe(1 + 3);
  });

  it('reads repeats as SheetJS may: any prefix, single quotes, the larger of two number readings', () => {
    const content = xml(
      '<t:table-row t:number-rows-repeated=\'1e6\'><foo:table-cell foo:number-columns-repeated="10"><text:p>x</text:p></foo:table-cell></t:table-row>',
    );

    expect(countOdsCells(content, Number.MAX_SAFE_INTEGER)).toBe(10_000_000);
  });
});
