/**
 * How much of a dead letter an operator's listing carries. A dead letter can be as large as
 * any message (an upload's is ~14 MiB), and a page holds up to 100: the listing keeps a
 * bounded preview of each body, never the body itself.
 */
export const DEAD_LETTER_LIMITS = {
  /** a body whose (masked) JSON is longer is shown as a preview */
  bodyBytes: 8 * 1024,
  /** the bodies of one page together; once spent, the page's later letters come without body */
  pageBytes: 256 * 1024,
  /** each header value, and the error message, at most */
  headerChars: 2_000,
  /** a string inside a previewed body keeps this many characters */
  previewStringChars: 200,
  /** an array inside a previewed body keeps this many items */
  previewArrayItems: 20,
  /** and nesting deeper than this is cut */
  previewDepth: 8,
} as const;

const MASKED = /password|secret|token|authorization/i;

export function isMaskedName(name: string): boolean {
  return MASKED.test(name);
}

/** A payload with password, token and secret fields masked, at any depth. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      MASKED.test(key) ? '***' : maskSecrets(inner),
    ]),
  );
}

export interface BodyPreview {
  /** the masked payload, or a preview of it (long strings and arrays cut, marked) */
  body: unknown;
  /** the size of the message body as it sits in the queue */
  bodyBytes: number;
  /** whether `body` is less than the whole payload */
  bodyTruncated: boolean;
  /** how much of the page's budget it takes */
  cost: number;
}

/**
 * The body of a dead letter as a listing shows it, within `budget` bytes (at most
 * DEAD_LETTER_LIMITS.bodyBytes). The text is parsed once (the message is in memory anyway,
 * one at a time), masked, and kept whole only if it fits; otherwise strings and arrays are cut
 * (the structure stays readable: field names, ids, the first characters of a file), and if
 * even that does not fit, the first characters of its JSON. With no budget left, no body.
 */
export function previewBody(content: Buffer, budget: number): BodyPreview {
  const bodyBytes = content.length;
  const limit = Math.min(budget, DEAD_LETTER_LIMITS.bodyBytes);
  if (limit <= 0) return { body: null, bodyBytes, bodyTruncated: bodyBytes > 0, cost: 0 };
  const masked = maskSecrets(parse(content.toString('utf8')));
  const whole = JSON.stringify(masked) ?? 'null';
  const wholeBytes = Buffer.byteLength(whole);
  if (wholeBytes <= limit)
    return { body: masked, bodyBytes, bodyTruncated: false, cost: wholeBytes };
  const shortened = shorten(masked, 0);
  const previewBytes = Buffer.byteLength(JSON.stringify(shortened) ?? 'null');
  if (previewBytes <= limit) {
    return { body: shortened, bodyBytes, bodyTruncated: true, cost: previewBytes };
  }
  const cut = cutText(Buffer.from(whole, 'utf8'), limit);
  return {
    body: cut,
    bodyBytes,
    bodyTruncated: true,
    cost: Buffer.byteLength(JSON.stringify(cut)),
  };
}

/** The start of `text` as a string whose JSON (quotes and escapes included) fits in `limit`. */
function cutText(text: Buffer, limit: number): string {
  let keep = Math.max(0, limit - 64);
  for (;;) {
    const cut = `${text.subarray(0, keep).toString('utf8')}…(${text.length - keep} more bytes)`;
    const overflow = Buffer.byteLength(JSON.stringify(cut)) - limit;
    if (overflow <= 0 || keep === 0) return cut;
    keep = Math.max(0, keep - overflow);
  }
}

/** A header value or message, cut to DEAD_LETTER_LIMITS.headerChars. */
export function clip(text: string): string {
  const max = DEAD_LETTER_LIMITS.headerChars;
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length - max} more characters)`;
}

function shorten(value: unknown, depth: number): unknown {
  const limits = DEAD_LETTER_LIMITS;
  if (typeof value === 'string') {
    if (value.length <= limits.previewStringChars) return value;
    const rest = value.length - limits.previewStringChars;
    return `${value.slice(0, limits.previewStringChars)}…(${rest} more characters)`;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= limits.previewDepth) return '…(nested too deep)';
  if (Array.isArray(value)) {
    const kept = value.slice(0, limits.previewArrayItems).map((item) => shorten(item, depth + 1));
    const rest = value.length - kept.length;
    return rest > 0 ? [...kept, `…(${rest} more items)`] : kept;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, shorten(inner, depth + 1)]),
  );
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
