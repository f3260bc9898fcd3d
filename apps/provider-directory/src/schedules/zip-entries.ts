import { inflateRawSync } from 'node:zlib';

/** Why an archive is refused before SheetJS reads it. */
export class ZipRefusal extends Error {
  constructor(
    message: string,
    /** `size`: it unzips to too much; `corrupt`: it is not a readable archive */
    readonly reason: 'size' | 'corrupt',
  ) {
    super(message);
  }
}

export interface ZipBudget {
  /** bytes all entries may inflate to, together */
  maxUnzippedBytes: number;
  maxEntries: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * Inflates every entry of a ZIP archive within a byte budget, handing each to `visit`, exactly as
 * SheetJS will find them: it takes the last end-of-directory record, walks the central directory,
 * and reads each entry from its local header, inflating until the DEFLATE stream ends whatever
 * size the headers declare. SheetJS sizes its output buffer from the local header's declared
 * size, so a declared size beyond the budget is refused too, before anything is allocated.
 * Entries are visited one at a time and not kept.
 */
export function forEachZipEntry(
  zip: Buffer,
  budget: ZipBudget,
  visit: (name: string, content: Buffer) => void,
): void {
  try {
    walkEntries(zip, budget, visit);
  } catch (error) {
    // a header field pointing past the end of the file
    const code = (error as { code?: string }).code;
    if (code === 'ERR_OUT_OF_RANGE' || code === 'ERR_BUFFER_OUT_OF_BOUNDS') {
      throw corrupt('its directory points outside the file');
    }
    throw error;
  }
}

function walkEntries(
  zip: Buffer,
  budget: ZipBudget,
  visit: (name: string, content: Buffer) => void,
): void {
  const end = zip.lastIndexOf(uint32(END_OF_DIRECTORY));
  if (end < 0 || end + 22 > zip.length) throw corrupt('it has no ZIP directory');
  const count = zip.readUInt16LE(end + 8);
  if (count > budget.maxEntries) {
    throw new ZipRefusal(
      `it holds ${count} files, more than the ${budget.maxEntries} a spreadsheet may`,
      'size',
    );
  }
  let remaining = budget.maxUnzippedBytes;
  let at = zip.readUInt32LE(end + 16);
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== DIRECTORY_ENTRY) {
      throw corrupt('its directory is damaged');
    }
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const centralSize = Math.max(
      zip.readUInt32LE(at + 24),
      zip64Size(zip, at + 46 + nameLength, extraLength),
    );
    const entry = localEntry(zip, zip.readUInt32LE(at + 42));
    at += 46 + nameLength + extraLength + zip.readUInt16LE(at + 32);
    // SheetJS may take either header's size, and allocates that much for the entry whatever it
    // inflates to: the budget pays for the larger of the two
    const declared = Math.max(entry.declaredSize, centralSize);
    if (declared > remaining) throw tooLarge(budget);
    let content: Buffer;
    if (entry.method === 0) {
      content = zip.subarray(entry.dataAt, entry.dataAt + entry.storedSize);
    } else if (entry.method === 8) {
      content = inflateWithin(zip.subarray(entry.dataAt), remaining, budget, entry.name);
    } else {
      throw corrupt(`${entry.name} uses an unsupported compression (method ${entry.method})`);
    }
    remaining -= Math.max(declared, content.length);
    visit(entry.name, content);
  }
}

interface LocalEntry {
  name: string;
  method: number;
  declaredSize: number;
  storedSize: number;
  dataAt: number;
}

function localEntry(zip: Buffer, at: number): LocalEntry {
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER) {
    throw corrupt('an entry points outside the archive');
  }
  const nameLength = zip.readUInt16LE(at + 26);
  const extraLength = zip.readUInt16LE(at + 28);
  const dataAt = at + 30 + nameLength + extraLength;
  if (dataAt > zip.length) throw corrupt('an entry is cut short');
  return {
    name: zip.toString('latin1', at + 30, at + 30 + nameLength),
    method: zip.readUInt16LE(at + 8),
    storedSize: zip.readUInt32LE(at + 18),
    declaredSize: Math.max(
      zip.readUInt32LE(at + 22),
      zip64Size(zip, at + 30 + nameLength, extraLength),
    ),
    dataAt,
  };
}

/** The uncompressed size in a ZIP64 extra field, which SheetJS prefers when there is one. */
function zip64Size(zip: Buffer, at: number, length: number): number {
  for (let offset = at; offset + 4 <= at + length;) {
    const id = zip.readUInt16LE(offset);
    const size = zip.readUInt16LE(offset + 2);
    if (id === 0x0001 && offset + 12 <= zip.length) return Number(zip.readBigUInt64LE(offset + 4));
    offset += 4 + size;
  }
  return 0;
}

function inflateWithin(data: Buffer, remaining: number, budget: ZipBudget, name: string): Buffer {
  try {
    // the stream's own end decides where the entry ends, as in SheetJS
    return inflateRawSync(data, { maxOutputLength: Math.max(1, remaining) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(budget);
    throw corrupt(`${name} is damaged (${(error as Error).message})`);
  }
}

const uint32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
};

const corrupt = (why: string) => new ZipRefusal(why, 'corrupt');

const tooLarge = (budget: ZipBudget) =>
  new ZipRefusal(`it unzips to more than ${budget.maxUnzippedBytes} bytes`, 'size');
