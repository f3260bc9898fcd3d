import type { OperationFailure } from '@medicalink/sdk';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from './field-errors';

const failure = (extra: Partial<OperationFailure>): OperationFailure => ({
  success: false,
  code: 'HTTP_ERROR',
  error: 'Product validation failed',
  duration: 1,
  ...extra,
});

const FIELDS = ['productCode', 'generalPrice', 'productYear'];

describe('fieldErrorsOf', () => {
  it('puts each `field: message` of a 400 on its field, nested paths on their top field', () => {
    const errors = fieldErrorsOf(
      failure({
        status: 400,
        details: {
          errors: [
            'productCode: must be 3 to 40 characters of A-Z, 0-9 and -',
            'generalPrice: must be a number from 0 to 999999.99 with at most 2 decimals',
            'generalPrice.extra: is not an accepted field',
          ],
        },
      }),
      FIELDS,
    );
    expect(errors.fields).toEqual({
      productCode: 'must be 3 to 40 characters of A-Z, 0-9 and -',
      generalPrice:
        'must be a number from 0 to 999999.99 with at most 2 decimals; is not an accepted field',
    });
    expect(errors.other).toEqual([]);
  });

  it('keeps what names no field of the form, so nothing is swallowed', () => {
    const errors = fieldErrorsOf(
      failure({ status: 400, details: { errors: ['surprise: is not an accepted field', 'odd'] } }),
      FIELDS,
    );
    expect(errors).toEqual({
      fields: {},
      other: ['surprise: is not an accepted field', 'odd'],
    });
  });

  it("puts a 409 on the field its details name, with the gateway's message", () => {
    const errors = fieldErrorsOf(
      failure({
        status: 409,
        error: 'Product code ABC already exists',
        details: { field: 'productCode', code: 'PRODUCT_CODE_TAKEN' },
      }),
      FIELDS,
    );
    expect(errors.fields).toEqual({ productCode: 'Product code ABC already exists' });
  });

  it('keeps a failure without a field (503, network) as a message of the form', () => {
    expect(fieldErrorsOf(failure({ status: 503, error: 'unavailable' }), FIELDS)).toEqual({
      fields: {},
      other: ['unavailable'],
    });
    expect(fieldErrorsOf(null, FIELDS)).toEqual({ fields: {}, other: [] });
  });
});
