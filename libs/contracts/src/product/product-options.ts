import { z } from 'zod';

/**
 * The option sets behind a product's integer choice fields (Dataverse option sets): the
 * product's own (category, status, GL code) and the six audience criteria, under the names
 * the product and its target use on the wire.
 */
export const PRODUCT_OPTION_SETS = [
  'category',
  'status',
  'glCode',
  'osot_location_province',
  'osot_registration_class',
  'osot_practice_area',
  'osot_years_in_practice',
  'osot_employment_status',
  'osot_employment_sector',
] as const;
export type ProductOptionSet = (typeof PRODUCT_OPTION_SETS)[number];

/** One choice: the integer stored, the label people read. */
export const ProductOption = z.object({
  value: z.number().int().min(0),
  label: z.string().min(1),
});
export type ProductOption = z.infer<typeof ProductOption>;

/** Every option set, each in display order. */
export const ProductOptions = z.object(
  Object.fromEntries(PRODUCT_OPTION_SETS.map((set) => [set, z.array(ProductOption)])) as Record<
    ProductOptionSet,
    z.ZodArray<typeof ProductOption>
  >,
);
export type ProductOptions = z.infer<typeof ProductOptions>;
