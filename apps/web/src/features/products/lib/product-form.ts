import type { ProductInput, ProductOptions, StagedProduct } from '@medicalink/sdk';

/** The product form as typed: text for every field, a checkbox for the one boolean. */
export interface ProductFormValues {
  productCode: string;
  productName: string;
  productDescription: string;
  productCategory: string;
  productStatus: string;
  productGlCode: string;
  generalPrice: string;
  otStuPrice: string;
  inventory: string;
  taxes: string;
  shipping: string;
  productYear: string;
  activeMembershipOnly: boolean;
  postPurchaseInfo: string;
}

export type ProductField = keyof ProductFormValues;

/** Each field's label (the accessible names the console promises) and, for choices, its option set. */
export const PRODUCT_FIELDS: readonly {
  name: ProductField;
  label: string;
  optionSet?: keyof ProductOptions;
}[] = [
  { name: 'productCode', label: 'Product code' },
  { name: 'productName', label: 'Product name' },
  { name: 'productDescription', label: 'Description' },
  { name: 'productCategory', label: 'Category', optionSet: 'category' },
  { name: 'productStatus', label: 'Status', optionSet: 'status' },
  { name: 'productGlCode', label: 'GL code', optionSet: 'glCode' },
  { name: 'generalPrice', label: 'General price' },
  { name: 'otStuPrice', label: 'OT student price' },
  { name: 'inventory', label: 'Inventory' },
  { name: 'taxes', label: 'Taxes (%)' },
  { name: 'shipping', label: 'Shipping' },
  { name: 'productYear', label: 'Product year' },
  { name: 'activeMembershipOnly', label: 'Active members only' },
  { name: 'postPurchaseInfo', label: 'Post-purchase information' },
];

export const PRODUCT_FIELD_NAMES: readonly string[] = PRODUCT_FIELDS.map((field) => field.name);

export function emptyProductForm(now = new Date()): ProductFormValues {
  return {
    productCode: '',
    productName: '',
    productDescription: '',
    productCategory: '',
    productStatus: '',
    productGlCode: '',
    generalPrice: '',
    otStuPrice: '',
    inventory: '',
    taxes: '0',
    shipping: '0',
    productYear: String(now.getFullYear()),
    activeMembershipOnly: false,
    postPurchaseInfo: '',
  };
}

const text = (value: string) => value.trim();
const optional = (value: string) => (value.trim() === '' ? null : value.trim());
/** A choice or count as the integer it is, else as typed: the gateway names what is wrong. */
const integer = (value: string): number | undefined => {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : (trimmed as unknown as number);
};

/**
 * The body the gateway validates. The console checks nothing itself: what is missing or wrong
 * comes back as the gateway's field errors, so the rules live in one place.
 */
export function toProductInput(values: ProductFormValues): ProductInput {
  const input: Record<string, unknown> = {
    productCode: text(values.productCode),
    productName: text(values.productName),
    productDescription: optional(values.productDescription),
    productCategory: integer(values.productCategory),
    productStatus: integer(values.productStatus),
    productGlCode: integer(values.productGlCode),
    generalPrice: text(values.generalPrice) === '' ? undefined : text(values.generalPrice),
    otStuPrice: optional(values.otStuPrice),
    inventory: values.inventory.trim() === '' ? null : integer(values.inventory),
    taxes: text(values.taxes) === '' ? undefined : text(values.taxes),
    shipping: text(values.shipping) === '' ? undefined : text(values.shipping),
    productYear: text(values.productYear),
    activeMembershipOnly: values.activeMembershipOnly,
    postPurchaseInfo: optional(values.postPurchaseInfo),
  };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return input as unknown as ProductInput;
}

/** A staged or stored product's fields as the review shows them: labels, not numbers. */
export function describeProduct(
  product: StagedProduct,
  options: ProductOptions | undefined,
): { label: string; value: string }[] {
  const label = (set: keyof ProductOptions, value: number) =>
    options?.[set].find((option) => option.value === value)?.label ?? `Unknown (${value})`;
  const amount = (value: number | null) => (value === null ? '—' : value.toFixed(2));
  return [
    { label: 'Product code', value: product.productCode },
    { label: 'Product name', value: product.productName },
    { label: 'Category', value: label('category', product.productCategory) },
    { label: 'Status', value: label('status', product.productStatus) },
    { label: 'GL code', value: label('glCode', product.productGlCode) },
    { label: 'General price', value: amount(product.generalPrice) },
    { label: 'OT student price', value: amount(product.otStuPrice) },
    {
      label: 'Inventory',
      value: product.inventory === null ? 'Not tracked' : String(product.inventory),
    },
    { label: 'Taxes (%)', value: String(product.taxes) },
    { label: 'Shipping', value: amount(product.shipping) },
    { label: 'Product year', value: product.productYear },
    { label: 'Active members only', value: product.activeMembershipOnly ? 'Yes' : 'No' },
    { label: 'Description', value: product.productDescription ?? '—' },
    { label: 'Post-purchase information', value: product.postPurchaseInfo ?? '—' },
  ];
}
