import * as XLSX from '@e965/xlsx';
import type { ImportMessage } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import {
  rosterHostNotAllowed,
  rosterMalformed,
  rosterTimeout,
  rosterUnreachable,
} from './schedules.errors';

/** One line of a roster: who works which shift. */
export interface RosterEntry {
  /** 1-based position in the roster (JSON array index + 1, or CSV line with the header as 1) */
  line: number;
  date: string;
  unit: string;
  shift: string;
  licenseNumber: string | null;
  email: string | null;
}

export interface RosterFetchOptions {
  allowedHosts: readonly string[];
  timeoutMs: number;
  maxBytes: number;
}

/**
 * Whether the URL's host may be fetched: its hostname, or host:port, must be on the list.
 * Checked before any request, and again on every redirect target (redirects are not followed).
 */
export function assertAllowedHost(url: URL, allowedHosts: readonly string[]): void {
  const hostname = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const host = url.host.toLowerCase();
  if (!allowedHosts.includes(hostname) && !allowedHosts.includes(host)) {
    throw rosterHostNotAllowed(url.host);
  }
}

/** Fetches the roster text: allow-listed host only, no redirects, bounded in time and size. */
export async function fetchRoster(
  source: string,
  options: RosterFetchOptions,
): Promise<{ text: string; contentType: string }> {
  const url = new URL(source);
  assertAllowedHost(url, options.allowedHosts);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, {
      signal,
      redirect: 'manual',
      headers: { accept: 'application/json, text/csv;q=0.9' },
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw rosterUnreachable(source, `it redirects (HTTP ${response.status}); give the final URL`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw rosterUnreachable(source, `HTTP ${response.status}`);
    }
    const text = await readCapped(response, options.maxBytes, source);
    return { text, contentType: response.headers.get('content-type') ?? '' };
  } catch (error) {
    if (signal.aborted) throw rosterTimeout(source, options.timeoutMs);
    if (error instanceof DomainError) throw error;
    throw rosterUnreachable(source, describe(error));
  }
}

async function readCapped(response: Response, maxBytes: number, source: string): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    // leaving the loop cancels the body: a source larger than the cap is not read to its end
    if (size > maxBytes) throw rosterMalformed(source, `larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A roster as JSON (an array of entries, or `{ assignments: [...] }`) or as CSV with a header
 * row; fields `date, unit, shift` and `licenseNumber` and/or `email` (names matched without
 * regard to case, `-` or `_`). Entries lacking them are warnings; a body that is neither is
 * ROSTER_MALFORMED.
 */
export function parseRoster(
  text: string,
  contentType: string,
  source: string,
): { entries: RosterEntry[]; warnings: ImportMessage[] } {
  const trimmed = text.trim();
  const looksJson = /json/i.test(contentType) || trimmed.startsWith('[') || trimmed.startsWith('{');
  let records: Record<string, unknown>[];
  let firstLine: number;
  if (looksJson) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed) as unknown;
    } catch (error) {
      throw rosterMalformed(source, `invalid JSON (${describe(error)})`);
    }
    const list = Array.isArray(data) ? data : isRecord(data) ? data['assignments'] : undefined;
    if (!Array.isArray(list)) {
      throw rosterMalformed(
        source,
        'JSON must be an array of assignments or { "assignments": [...] }',
      );
    }
    records = list.map((item) => (isRecord(item) ? item : {}));
    firstLine = 1;
  } else {
    if (trimmed.length === 0) throw rosterMalformed(source, 'the body is empty');
    let sheet: XLSX.WorkSheet | undefined;
    try {
      const workbook = XLSX.read(trimmed, { type: 'string', raw: true, dense: true });
      sheet = workbook.Sheets[workbook.SheetNames[0] ?? ''];
    } catch (error) {
      throw rosterMalformed(source, `unreadable CSV (${describe(error)})`);
    }
    records = sheet ? XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet, { raw: true }) : [];
    firstLine = 2;
  }
  const entries: RosterEntry[] = [];
  const warnings: ImportMessage[] = [];
  records.forEach((record, index) => {
    const line = index + firstLine;
    const fields = normalizeKeys(record);
    const text = (key: string) => {
      const value = fields.get(key);
      const plain =
        typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
      return plain === '' ? null : plain;
    };
    const date = text('date');
    const unit = text('unit');
    const shift = text('shift');
    const licenseNumber = text('licensenumber')?.toUpperCase() ?? null;
    const email = text('email')?.toLowerCase() ?? null;
    const missing = [
      ...(date ? [] : ['date']),
      ...(unit ? [] : ['unit']),
      ...(shift ? [] : ['shift']),
      ...(licenseNumber || email ? [] : ['licenseNumber or email']),
    ];
    if (missing.length > 0 || !date || !unit || !shift) {
      warnings.push({
        code: 'ROSTER_ENTRY_INVALID',
        message: `roster entry ${line} lacks ${missing.join(', ')}`,
        row: line,
      });
      return;
    }
    entries.push({ line, date, unit, shift, licenseNumber, email });
  });
  if (records.length > 0 && entries.length === 0) {
    throw rosterMalformed(
      source,
      `none of its ${records.length} entries names date, unit, shift and a doctor`,
    );
  }
  return { entries, warnings };
}

function normalizeKeys(record: Record<string, unknown>): Map<string, unknown> {
  return new Map(
    Object.entries(record).map(([key, value]) => [key.toLowerCase().replace(/[-_\s]/g, ''), value]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
