import { describe, expect, it } from 'vitest';
import { AudienceTarget, ProductInput } from '@medicalink/contracts';
import { sessionProgress, stagedProduct } from './product-session.view';
import type { ProductSessionRecord } from './product-session.workflow';

const product = ProductInput.parse({
  productCode: 'osot-ws-2026',
  productName: 'Workshop',
  productCategory: 3,
  productStatus: 1,
  productGlCode: 16,
  generalPrice: 199.9,
  productYear: '2026',
});

function record(overrides: Partial<ProductSessionRecord> = {}): ProductSessionRecord {
  return {
    id: 's-1',
    workflow: 'product',
    owner: 'u-1',
    state: 'initiated',
    version: 1,
    createdAt: '2026-01-20T10:00:00.000Z',
    updatedAt: '2026-01-20T10:00:00.000Z',
    expiresAt: '2026-01-20T12:00:00.000Z',
    data: {
      organizationGuid: null,
      product: null,
      audienceTarget: null,
      committed: null,
      lastError: null,
    },
    ...overrides,
  };
}

const at = (iso: string) => Date.parse(iso);

describe('product session progress', () => {
  it('is 25 % and not committable before a product', () => {
    expect(sessionProgress(record(), at('2026-01-20T10:00:00.000Z'))).toMatchObject({
      percentage: 25,
      canCommit: false,
      hasProduct: false,
      hasTarget: false,
      secondsRemaining: 7_200,
    });
  });

  it('is 50 % with a product and 75 % with a target too, committable both ways', () => {
    const withProduct = record({ state: 'product-added', data: { ...record().data, product } });
    expect(sessionProgress(withProduct)).toMatchObject({ percentage: 50, canCommit: true });
    const withTarget = record({
      state: 'target-configured',
      data: { ...withProduct.data, audienceTarget: AudienceTarget.parse({}) },
    });
    expect(sessionProgress(withTarget)).toMatchObject({
      percentage: 75,
      canCommit: true,
      hasTarget: true,
    });
  });

  it('is 100 % and not committable again once committed', () => {
    const committed = record({
      state: 'committed',
      data: {
        ...record().data,
        product,
        committed: {
          productGuid: '6f1c1b4e-0b7a-4f57-9d7e-6f1f3a1d2c3b',
          targetGuid: '7f1c1b4e-0b7a-4f57-9d7e-6f1f3a1d2c3b',
          productCode: 'OSOT-WS-2026',
          operationId: 'op',
        },
      },
    });
    expect(sessionProgress(committed)).toMatchObject({
      percentage: 100,
      canCommit: false,
      productGuid: '6f1c1b4e-0b7a-4f57-9d7e-6f1f3a1d2c3b',
    });
  });

  it('never counts below zero seconds and shows the last error only while failed', () => {
    const failed = record({
      state: 'failed',
      data: {
        ...record().data,
        product,
        lastError: { statusCode: 503, message: 'down', errors: ['down'] },
      },
    });
    expect(sessionProgress(failed, at('2026-01-20T13:00:00.000Z'))).toMatchObject({
      secondsRemaining: 0,
      lastError: { statusCode: 503 },
      canCommit: true,
    });
  });
});

describe('staged product view', () => {
  it('shows exact decimal amounts as JSON numbers and absent fields as null', () => {
    expect(stagedProduct(product)).toMatchObject({
      productCode: 'OSOT-WS-2026',
      generalPrice: 199.9,
      otStuPrice: null,
      taxes: 0,
      shipping: 0,
      inventory: null,
      productDescription: null,
    });
  });
});
