import { describe, expect, it } from 'vitest';
import { AudienceTarget, ListProductsQuery, ProductInput } from './product.rpc';

const seedProduct = {
  productCode: 'OSOT-WORKSHOP-2026',
  productName: 'Advanced OT Workshop 2026',
  productDescription: 'Professional development workshop for OTs',
  productCategory: 3,
  productStatus: 1,
  productGlCode: 16,
  generalPrice: 199.99,
  otStuPrice: 149.99,
  inventory: 50,
  taxes: 13,
  shipping: 0,
  productYear: '2026',
  activeMembershipOnly: true,
  postPurchaseInfo: 'Workshop materials will be sent 1 week before event.',
};

const issuesOf = (input: unknown) => {
  const result = ProductInput.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('ProductInput', () => {
  it('accepts a complete product body, prices as exact decimal strings', () => {
    expect(ProductInput.parse(seedProduct)).toEqual({
      ...seedProduct,
      generalPrice: '199.99',
      otStuPrice: '149.99',
      taxes: '13.000',
      shipping: '0.00',
    });
  });

  it('upper-cases the code and fills in the optional fields', () => {
    const parsed = ProductInput.parse({
      productCode: ' osot-prd-000123 ',
      productName: 'Name',
      productCategory: 0,
      productStatus: 0,
      productGlCode: 0,
      generalPrice: '7.5',
      productYear: '2026',
    });
    expect(parsed).toMatchObject({
      productCode: 'OSOT-PRD-000123',
      generalPrice: '7.50',
      taxes: '0.000',
      shipping: '0.00',
      activeMembershipOnly: false,
    });
  });

  it.each([
    [999999.99, '999999.99'],
    [0, '0.00'],
    [0.1, '0.10'],
    ['12.30', '12.30'],
    ['1.500', '1.50'],
    ['007', '7.00'],
  ])('reads the price %j exactly as %s', (price, stored) => {
    expect(ProductInput.parse({ ...seedProduct, generalPrice: price }).generalPrice).toBe(stored);
  });

  it.each([1_000_000, 999999.991, -1, 0.1 + 0.2, 1e21, '1,5', '', Number.NaN, true, null])(
    'refuses the price %j',
    (price) => {
      expect(issuesOf({ ...seedProduct, generalPrice: price })).toEqual(['generalPrice']);
    },
  );

  it('refuses a taxes rate above 100 or with 4 decimals', () => {
    expect(issuesOf({ ...seedProduct, taxes: 100.001 })).toEqual(['taxes']);
    expect(issuesOf({ ...seedProduct, taxes: 9.9751 })).toEqual(['taxes']);
    expect(ProductInput.parse({ ...seedProduct, taxes: 9.975 }).taxes).toBe('9.975');
  });

  it('lists every problem, each naming its field', () => {
    expect(
      issuesOf({
        ...seedProduct,
        productCode: 'ab',
        productName: '',
        productCategory: 1.5,
        generalPrice: 'free',
        inventory: -1,
        productYear: 2026,
        activeMembershipOnly: 'yes',
        extra: 1,
      }).sort(),
    ).toEqual(
      [
        '',
        'activeMembershipOnly',
        'generalPrice',
        'inventory',
        'productCategory',
        'productCode',
        'productName',
        'productYear',
      ].sort(),
    );
    expect(issuesOf({})).toEqual(
      expect.arrayContaining(['productCode', 'productName', 'generalPrice', 'productYear']),
    );
  });
});

describe('AudienceTarget', () => {
  it('reads omitted, null and empty criteria as open to all; de-duplicates and sorts values', () => {
    expect(
      AudienceTarget.parse({
        osot_location_province: [2, 1, 2],
        osot_registration_class: null,
        osot_practice_area: [],
      }),
    ).toEqual({
      osot_location_province: [1, 2],
      osot_registration_class: null,
      osot_practice_area: null,
      osot_years_in_practice: null,
      osot_employment_status: null,
      osot_employment_sector: null,
    });
  });

  it('refuses non-integer values and unknown criteria, naming them', () => {
    const result = AudienceTarget.safeParse({ osot_practice_area: [1, 'x'], province: [1] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['osot_practice_area.1', '']),
    );
  });
});

describe('ListProductsQuery', () => {
  it('coerces query strings and treats empty parameters as missing', () => {
    expect(
      ListProductsQuery.parse({ category: '3', year: '2026', province: '', search: ' ws ' }),
    ).toEqual({ page: 1, limit: 20, category: 3, year: '2026', search: 'ws' });
  });

  it('refuses a non-integer audience value or an unknown parameter', () => {
    expect(ListProductsQuery.safeParse({ province: 'ON' }).success).toBe(false);
    expect(ListProductsQuery.safeParse({ colour: 'red' }).success).toBe(false);
  });
});

describe('ProductInput messages', () => {
  it('says "is required" for a missing field and what is expected for a wrong one', () => {
    const result = ProductInput.safeParse({ productCode: 12, productName: 'x'.repeat(201) });
    const messages = Object.fromEntries(
      (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]),
    );
    expect(messages).toEqual({
      productCode: 'must be a string',
      productName: 'must be at most 200 characters',
      productCategory: 'is required',
      productStatus: 'is required',
      productGlCode: 'is required',
      generalPrice: 'is required',
      productYear: 'is required',
    });
  });
});
