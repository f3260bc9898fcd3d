import { z } from 'zod';
import { defineEvent } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';

const Criterion = z.array(z.number().int()).nullable();

/** A target's six criteria as stored (null: open to all). */
const TargetCriteria = z.object({
  osot_location_province: Criterion,
  osot_registration_class: Criterion,
  osot_practice_area: Criterion,
  osot_years_in_practice: Criterion,
  osot_employment_status: Criterion,
  osot_employment_sector: Criterion,
});

export const productCreated = defineEvent(
  'product.product.created',
  z.object({
    productId: Uuid,
    targetId: Uuid,
    productCode: z.string(),
    productName: z.string(),
    productCategory: z.number().int(),
    productStatus: z.number().int(),
    productYear: z.string(),
    target: TargetCriteria,
    occurredAt: Timestamp,
  }),
);

export const productTargetReplaced = defineEvent(
  'product.target.replaced',
  z.object({
    productId: Uuid,
    targetId: Uuid,
    productCode: z.string(),
    target: TargetCriteria,
    occurredAt: Timestamp,
  }),
);
