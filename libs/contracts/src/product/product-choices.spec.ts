import { describe, expect, it } from 'vitest';
import { unknownChoices } from './product-choices';
import { PRODUCT_OPTION_SETS, type ProductOptions } from './product-options';
import { AudienceTarget, ProductInput } from './product.rpc';

const options = Object.fromEntries(
  PRODUCT_OPTION_SETS.map((set) => [set, [1, 2, 3].map((value) => ({ value, label: `${value}` }))]),
) as ProductOptions;

const product = ProductInput.parse({
  productCode: 'WS-1',
  productName: 'Workshop',
  productCategory: 3,
  productStatus: 1,
  productGlCode: 2,
  generalPrice: 10,
  productYear: '2026',
});

describe('unknownChoices', () => {
  it('accepts values every option set has, and an open target', () => {
    const target = AudienceTarget.parse({ osot_location_province: [1, 3] });
    expect(unknownChoices(options, { product, target })).toEqual([]);
    expect(unknownChoices(options, { target: AudienceTarget.parse({}) })).toEqual([]);
  });

  it('names each unknown value by its field, a criterion once per value', () => {
    const target = AudienceTarget.parse({ osot_practice_area: [4, 2, 9] });
    expect(unknownChoices(options, { product: { ...product, productStatus: 7 }, target })).toEqual([
      { path: 'productStatus', message: '7 is not one of the status options' },
      { path: 'osot_practice_area', message: '4 is not one of the osot_practice_area options' },
      { path: 'osot_practice_area', message: '9 is not one of the osot_practice_area options' },
    ]);
  });
});
