import { randomUUID } from 'node:crypto';

let counter = 0;

/** A complete product request body (every field set), with a product code no other call in this process uses. */
export function seedProductBody(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    productCode: `OSOT-${randomUUID().slice(0, 8)}-${counter}`.toUpperCase(),
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
    ...overrides,
  };
}
