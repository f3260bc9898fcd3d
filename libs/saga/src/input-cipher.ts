import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** How a sealed input field looks in the journal: `{ "$sealed": "v1.<iv>.<tag>.<ciphertext>" }` (base64url). */
export interface SealedField {
  $sealed: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;

export class SagaInputCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SagaInputCipherError';
  }
}

/**
 * AES-256-GCM for the input fields a saga definition declares sensitive (`sensitiveInput`),
 * so the journal never holds them in clear and recovery after a crash can still read them.
 * The additional data binds a sealed value to its saga and field: it cannot be moved.
 */
export class SagaInputCipher {
  private readonly key: Buffer;

  /** `key`: 32 bytes as 64 hex characters or base64; any other string is stretched with SHA-256. */
  constructor(key: string) {
    if (key.length === 0) throw new SagaInputCipherError('the saga input key is empty');
    this.key = decodeKey(key);
  }

  seal(sagaId: string, field: string, value: unknown): SealedField {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${sagaId}\u0000${field}`));
    const text = Buffer.concat([cipher.update(JSON.stringify(value ?? null)), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), text].map((part) => part.toString('base64url'));
    return { $sealed: [VERSION, ...parts].join('.') };
  }

  open(sagaId: string, field: string, sealed: SealedField): unknown {
    const [version, iv, tag, text] = sealed.$sealed.split('.');
    if (version !== VERSION || !iv || !tag || text === undefined) {
      throw new SagaInputCipherError(`saga ${sagaId}: sealed field ${field} has an unknown format`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${sagaId}\u0000${field}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(text, 'base64url')),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch {
      throw new SagaInputCipherError(
        `saga ${sagaId}: sealed field ${field} cannot be opened (another SAGA_INPUT_KEY?)`,
      );
    }
  }

  /** A copy of `input` whose `fields` (those present) are sealed. */
  sealInput(sagaId: string, fields: readonly string[], input: unknown): unknown {
    if (fields.length === 0 || !isPlainObject(input)) return input;
    const sealed: Record<string, unknown> = { ...input };
    for (const field of fields) {
      if (sealed[field] !== undefined) sealed[field] = this.seal(sagaId, field, sealed[field]);
    }
    return sealed;
  }

  /** A copy of a journaled input whose sealed `fields` are opened; a field journaled in clear (before sealing existed) is kept. */
  openInput(sagaId: string, fields: readonly string[], input: unknown): unknown {
    if (fields.length === 0 || !isPlainObject(input)) return input;
    const opened: Record<string, unknown> = { ...input };
    for (const field of fields) {
      const value = opened[field];
      if (isSealed(value)) opened[field] = this.open(sagaId, field, value);
    }
    return opened;
  }
}

export function isSealed(value: unknown): value is SealedField {
  return (
    isPlainObject(value) && typeof value['$sealed'] === 'string' && Object.keys(value).length === 1
  );
}

function decodeKey(key: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(key)) return Buffer.from(key, 'hex');
  const base64 = /^[A-Za-z0-9+/_-]{43}=?$/.test(key) ? Buffer.from(key, 'base64') : undefined;
  if (base64?.length === 32) return base64;
  return createHash('sha256').update(key).digest();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
