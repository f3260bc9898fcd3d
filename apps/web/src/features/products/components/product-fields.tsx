import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import type { ProductOptions } from '@medicalink/sdk';
import { memo, type ReactNode } from 'react';
import type { ProductField, ProductFormValues } from '../lib/product-form';
import { ChoiceField } from './choice-field';

interface Props {
  values: ProductFormValues;
  onChange: <K extends ProductField>(field: K, value: ProductFormValues[K]) => void;
  options: ProductOptions | undefined;
  errors: Record<string, string>;
  /** shown under the product code, e.g. a free code to use instead */
  codeHint?: ReactNode;
}

const GRID = {
  display: 'grid',
  gap: 2,
  gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, 1fr)', lg: 'repeat(3, 1fr)' },
} as const;

/**
 * The product's fields, labelled as the console promises, each with the gateway's error in place.
 * Memoized: saving, or the step being saved, re-renders the step around it but not its fields.
 */
export const ProductFields = memo(function ProductFields({
  values,
  onChange,
  options,
  errors,
  codeHint,
}: Props) {
  const text = (
    name: Exclude<ProductField, 'activeMembershipOnly'>,
    label: string,
    extra: Partial<Parameters<typeof TextField>[0]> = {},
    help?: string,
  ) => (
    <TextField
      id={`field-${name}`}
      name={name}
      label={label}
      value={values[name]}
      onChange={(event) => onChange(name, event.target.value)}
      error={Boolean(errors[name])}
      helperText={errors[name] ?? help}
      fullWidth
      {...extra}
    />
  );
  const money = { slotProps: { htmlInput: { inputMode: 'decimal' as const } } };
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Box sx={GRID}>
        <Box>
          {text(
            'productCode',
            'Product code',
            {
              required: true,
              slotProps: { htmlInput: { autoCapitalize: 'characters', spellCheck: false } },
            },
            '3 to 40 letters, digits and dashes; unique',
          )}
          {codeHint}
        </Box>
        <Box sx={{ gridColumn: { lg: 'span 2' } }}>
          {text('productName', 'Product name', { required: true })}
        </Box>
        <ChoiceField
          name="productCategory"
          label="Category"
          value={values.productCategory}
          options={options?.category}
          onChange={(value) => onChange('productCategory', value)}
          error={errors['productCategory']}
          required
        />
        <ChoiceField
          name="productStatus"
          label="Status"
          value={values.productStatus}
          options={options?.status}
          onChange={(value) => onChange('productStatus', value)}
          error={errors['productStatus']}
          required
        />
        <ChoiceField
          name="productGlCode"
          label="GL code"
          value={values.productGlCode}
          options={options?.glCode}
          onChange={(value) => onChange('productGlCode', value)}
          error={errors['productGlCode']}
          helperText="The ledger account the sales go to"
          required
        />
        {text('generalPrice', 'General price', { required: true, ...money }, '0 to 999999.99')}
        {text('otStuPrice', 'OT student price', money, 'Empty: students pay the general price')}
        {text(
          'inventory',
          'Inventory',
          { slotProps: { htmlInput: { inputMode: 'numeric' } } },
          'Units in stock; empty when not tracked',
        )}
        {text('taxes', 'Taxes (%)', {
          slotProps: {
            htmlInput: { inputMode: 'decimal' },
            input: { endAdornment: <InputAdornment position="end">%</InputAdornment> },
          },
        })}
        {text('shipping', 'Shipping', money)}
        {text(
          'productYear',
          'Product year',
          { required: true, slotProps: { htmlInput: { inputMode: 'numeric', maxLength: 4 } } },
          'Four digits, like 2026',
        )}
        <Box>
          <FormControlLabel
            control={
              <Checkbox
                id="field-activeMembershipOnly"
                checked={values.activeMembershipOnly}
                onChange={(event) => onChange('activeMembershipOnly', event.target.checked)}
                slotProps={{
                  input: {
                    'aria-describedby': errors['activeMembershipOnly']
                      ? 'field-activeMembershipOnly-error'
                      : undefined,
                    'aria-invalid': errors['activeMembershipOnly'] ? true : undefined,
                  } as object,
                }}
              />
            }
            label="Active members only"
          />
          {errors['activeMembershipOnly'] && (
            <FormHelperText id="field-activeMembershipOnly-error" error>
              {errors['activeMembershipOnly']}
            </FormHelperText>
          )}
        </Box>
      </Box>
      {text('productDescription', 'Description', { multiline: true, minRows: 2 })}
      {text(
        'postPurchaseInfo',
        'Post-purchase information',
        { multiline: true, minRows: 2 },
        'Sent to the buyer after the purchase',
      )}
    </Box>
  );
});
