import type { AudienceTarget, ProductOptions, StoredTarget } from '@medicalink/sdk';

export type CriterionKey = keyof StoredTarget;

/** The six audience criteria: their field labels, and their names in a count ("2 Provinces"). */
export const CRITERIA: readonly {
  key: CriterionKey;
  label: string;
  one: string;
  many: string;
  /** the list's audience-match query parameter */
  query:
    | 'province'
    | 'registrationClass'
    | 'practiceArea'
    | 'yearsInPractice'
    | 'employmentStatus'
    | 'employmentSector';
}[] = [
  {
    key: 'osot_location_province',
    label: 'Provinces',
    one: 'Province',
    many: 'Provinces',
    query: 'province',
  },
  {
    key: 'osot_registration_class',
    label: 'Registration classes',
    one: 'Registration class',
    many: 'Registration classes',
    query: 'registrationClass',
  },
  {
    key: 'osot_practice_area',
    label: 'Practice areas',
    one: 'Practice area',
    many: 'Practice areas',
    query: 'practiceArea',
  },
  {
    key: 'osot_years_in_practice',
    label: 'Years in practice',
    one: 'Years-in-practice range',
    many: 'Years-in-practice ranges',
    query: 'yearsInPractice',
  },
  {
    key: 'osot_employment_status',
    label: 'Employment status',
    one: 'Employment status',
    many: 'Employment statuses',
    query: 'employmentStatus',
  },
  {
    key: 'osot_employment_sector',
    label: 'Employment sectors',
    one: 'Employment sector',
    many: 'Employment sectors',
    query: 'employmentSector',
  },
];

export interface TargetPreviewItem {
  key: CriterionKey | 'open';
  /** "2 Provinces", or "Open to all" when nothing restricts */
  text: string;
  /** the labels of the values admitted */
  labels: string[];
}

/** The label of a choice value, or a readable stand-in for a value the option set lacks. */
export function labelOf(
  options: ProductOptions | undefined,
  set: keyof ProductOptions,
  value: number | null | undefined,
): string {
  if (value === null || value === undefined) return '—';
  return options?.[set].find((option) => option.value === value)?.label ?? `Unknown (${value})`;
}

/**
 * What a target admits, one item per restricting criterion ("2 Provinces"), or one item
 * "Open to all" when no criterion restricts (an empty or missing criterion admits everyone).
 */
export function targetPreview(
  target: AudienceTarget | null | undefined,
  options?: ProductOptions,
): TargetPreviewItem[] {
  const items = CRITERIA.flatMap(({ key, one, many }) => {
    const values = target?.[key];
    if (!values || values.length === 0) return [];
    return [
      {
        key,
        text: `${values.length} ${values.length === 1 ? one : many}`,
        labels: values.map((value) => labelOf(options, key, value)),
      },
    ];
  });
  return items.length > 0 ? items : [{ key: 'open', text: 'Open to all', labels: [] }];
}

/** A target with every criterion present: the chosen values, or null for open to all. */
export function completeTarget(target: AudienceTarget): StoredTarget {
  return Object.fromEntries(
    CRITERIA.map(({ key }) => {
      const values = target[key];
      return [key, values && values.length > 0 ? [...values] : null];
    }),
  ) as unknown as StoredTarget;
}
