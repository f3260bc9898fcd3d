import { ProductErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const productCodeTaken = (code: string) =>
  new DomainError(ProductErrorCode.CodeTaken, `Product code ${code} already exists`, 409, {
    field: 'productCode',
    productCode: code,
  });

export const productNotFound = (id: string) =>
  new DomainError(ProductErrorCode.NotFound, `Product ${id} not found`, 404, { id });

export const idempotencyKeyRequired = () =>
  new DomainError(
    ProductErrorCode.IdempotencyKeyRequired,
    'product.product.createWithTarget needs an idempotency key',
    400,
    { field: 'idempotencyKey' },
  );

/** The same words as the shared idempotency table's refusal (libs/persistence runIdempotent). */
export const idempotencyKeyReused = (key: string) =>
  new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    `Idempotency key "${key}" was already used for a different product creation request`,
    422,
  );
