import { constants, crc32, deflateRawSync } from 'node:zlib';

/** An entry's content already deflated (raw DEFLATE), with the size and CRC-32 it inflates to. */
export interface DeflatedContent {
  bytes: Buffer;
  size: number;
  crc: number;
}

export interface ZipEntryInput {
  name: string;
  content: Buffer | DeflatedContent;
  /** kept as is (method 0) instead of deflated; an ODS's `mimetype` must be */
  stored?: boolean;
  /** the uncompressed size both headers declare, instead of the true one (a lying archive) */
  declaredSize?: number;
}

/**
 * A ZIP archive (no ZIP64, no data descriptors), written by hand so that tests can also build
 * archives no well-behaved library would: entries that lie about their size, or inflate to
 * gigabytes from a few kilobytes.
 */
export function zipArchive(entries: readonly ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { bytes, size, crc, method } = packed(entry);
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(bytes.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(bytes.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, bytes);
    centrals.push(central, name);
    offset += local.length + name.length + bytes.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function packed(entry: ZipEntryInput): {
  bytes: Buffer;
  size: number;
  crc: number;
  method: number;
} {
  const { content } = entry;
  if (!Buffer.isBuffer(content)) return { ...content, method: 8 };
  if (entry.stored) return { bytes: content, size: content.length, crc: crc32(content), method: 0 };
  return { bytes: deflateRawSync(content), size: content.length, crc: crc32(content), method: 8 };
}

/**
 * `prefix`, then `filler` repeated `times` times, then `suffix`, deflated without ever holding
 * the whole: each part is compressed on its own and flushed to a byte boundary, and DEFLATE
 * streams concatenate so (a back-reference never reaches outside its own part). A 1 MiB filler
 * of one repeated byte deflates to about 1 KiB, so a gigabyte costs about a megabyte.
 */
export function deflatedRepeat(
  prefix: string,
  filler: Buffer,
  times: number,
  suffix: string,
): DeflatedContent {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  const head = Buffer.from(prefix, 'utf8');
  const tail = Buffer.from(suffix, 'utf8');
  const fillerDeflated = deflateRawSync(filler, flush);
  let crc = crc32(head);
  for (let i = 0; i < times; i += 1) crc = crc32(filler, crc);
  crc = crc32(tail, crc);
  const parts = [deflateRawSync(head, flush)];
  for (let i = 0; i < times; i += 1) parts.push(fillerDeflated);
  // the final block: an empty one with fixed codes
  parts.push(deflateRawSync(tail, flush), Buffer.from([0x03, 0x00]));
  return {
    bytes: Buffer.concat(parts),
    size: head.length + filler.length * times + tail.length,
    crc,
  };
}
