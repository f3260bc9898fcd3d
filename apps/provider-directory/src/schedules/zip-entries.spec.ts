import { describe, expect, it } from 'vitest';
import {
  corruptSpreadsheet,
  scheduleFile,
  SHIFT_HEADER,
  zipArchive,
  zipBomb,
} from '@medicalink/testing';
import { forEachZipEntry, ZipRefusal } from './zip-entries';

const BUDGET = { maxUnzippedBytes: 64 * 1024 * 1024, maxEntries: 100 };
const MIB = 1024 * 1024;

function refusal(zip: Buffer, budget = BUDGET): ZipRefusal {
  try {
    forEachZipEntry(zip, budget, () => undefined);
  } catch (error) {
    if (error instanceof ZipRefusal) return error;
    throw error;
  }
  throw new Error('the archive was not refused');
}

describe('forEachZipEntry', () => {
  it('hands over every entry of a real workbook, inflated', () => {
    const entries = new Map<string, Buffer>();
    forEachZipEntry(scheduleFile([[...SHIFT_HEADER]], 'xlsx'), BUDGET, (name, content) =>
      entries.set(name, content),
    );

    expect(entries.get('xl/worksheets/sheet1.xml')?.toString()).toContain('<sheetData>');
  });

  it.each(['true', 'small', 'zero'] as const)(
    'refuses a zip bomb declaring its %s size before inflating past the budget',
    (declared) => {
      const bomb = zipBomb('xlsx', { inflatedBytes: 128 * MIB, declared });

      expect(refusal(bomb)).toMatchObject({
        reason: 'size',
        message: `it unzips to more than ${BUDGET.maxUnzippedBytes} bytes`,
      });
    },
  );

  it('charges an entry the size it declares when that is more than it inflates to', () => {
    // SheetJS allocates the declared size for each entry: 100 entries of 1 MiB declared, 1 byte real
    const lying = zipArchive(
      Array.from({ length: 100 }, (_, i) => ({
        name: `${i}.xml`,
        content: Buffer.from('x'),
        declaredSize: MIB,
      })),
    );

    expect(refusal(lying, { maxUnzippedBytes: 64 * MIB, maxEntries: 100 }).reason).toBe('size');
  });

  it('counts the budget across entries, and the entries against their limit', () => {
    const half = Buffer.alloc(40 * MIB, 0x20);
    const two = zipArchive([
      { name: 'a.xml', content: half },
      { name: 'b.xml', content: half },
    ]);
    const many = zipArchive(
      Array.from({ length: 101 }, (_, i) => ({ name: `${i}.xml`, content: Buffer.from('x') })),
    );

    expect(refusal(two).reason).toBe('size');
    expect(refusal(many).message).toMatch(/holds 101 files/);
  });

  it.each(['not-zip', 'truncated', 'garbled-entry'] as const)(
    'says a %s archive is corrupt',
    (how) => {
      expect(refusal(corruptSpreadsheet('ods', how)).reason).toBe('corrupt');
    },
  );
});
