import { ProductErrorCode, ProductSessionErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const productCodeTaken = (productCode: string) =>
  new DomainError(ProductErrorCode.CodeTaken, `Product code ${productCode} already exists`, 409, {
    field: 'productCode',
    productCode,
  });

export const productRequired = (
  sessionId: string,
  step: 'configure the audience target' | 'commit',
) =>
  new DomainError(
    ProductSessionErrorCode.ProductRequired,
    `Add the product before you ${step}`,
    400,
    { sessionId, currentState: 'initiated' },
  );
