import type { ProductOptions, ProductOptionSet } from './product-options';
import { TARGET_CRITERIA, type ParsedAudienceTarget, type ParsedProductInput } from './product.rpc';

/** The product's own choice fields, each with the option set its value comes from. */
const PRODUCT_CHOICE_FIELDS = {
  productCategory: 'category',
  productStatus: 'status',
  productGlCode: 'glCode',
} as const satisfies Record<string, ProductOptionSet>;

/** One refused value, shaped like a validation issue of the transport (path and message). */
export interface ChoiceIssue {
  path: string;
  message: string;
}

/**
 * Every choice value of a product or target that its option set does not have. The schemas
 * check the shape (integers); which integers exist is reference data, read from the database.
 */
export function unknownChoices(
  options: ProductOptions,
  subject: { product?: ParsedProductInput | null; target?: ParsedAudienceTarget | null },
): ChoiceIssue[] {
  const known = (set: ProductOptionSet, value: number) =>
    options[set].some((option) => option.value === value);
  const issues: ChoiceIssue[] = [];
  const { product, target } = subject;
  if (product) {
    for (const [field, set] of Object.entries(PRODUCT_CHOICE_FIELDS)) {
      const value = product[field as keyof typeof PRODUCT_CHOICE_FIELDS];
      if (!known(set, value)) issues.push(unknownValue(field, value, set));
    }
  }
  for (const criterion of target ? TARGET_CRITERIA : []) {
    // named by the criterion alone: its values were de-duplicated and sorted when parsed
    for (const value of target?.[criterion] ?? []) {
      if (!known(criterion, value)) issues.push(unknownValue(criterion, value, criterion));
    }
  }
  return issues;
}

const unknownValue = (path: string, value: number, set: ProductOptionSet): ChoiceIssue => ({
  path,
  message: `${value} is not one of the ${set} options`,
});
