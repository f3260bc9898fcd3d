import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../../testing/fake-gateway';
import { completeTarget, labelOf, targetPreview } from './criteria';

describe('targetPreview (the targeting chips)', () => {
  it('counts each restricting criterion, singular or plural, with the labels it admits', () => {
    const preview = targetPreview(
      { osot_location_province: [1, 2], osot_practice_area: [5], osot_registration_class: [] },
      OPTIONS,
    );
    expect(preview).toEqual([
      { key: 'osot_location_province', text: '2 Provinces', labels: ['Ontario', 'Quebec'] },
      { key: 'osot_practice_area', text: '1 Practice area', labels: ['Physical rehabilitation'] },
    ]);
  });

  it('says "Open to all" when no criterion restricts (empty, null or missing)', () => {
    for (const target of [
      undefined,
      null,
      {},
      { osot_location_province: null },
      { osot_employment_sector: [] },
    ]) {
      expect(targetPreview(target, OPTIONS)).toEqual([
        { key: 'open', text: 'Open to all', labels: [] },
      ]);
    }
  });

  it('names a value the option set lacks instead of hiding it', () => {
    expect(labelOf(OPTIONS, 'osot_location_province', 99)).toBe('Unknown (99)');
    expect(labelOf(undefined, 'category', 3)).toBe('Unknown (3)');
    expect(labelOf(OPTIONS, 'category', 3)).toBe('Workshop');
  });

  it('completes a target with null (open to all) for every criterion left empty', () => {
    expect(completeTarget({ osot_location_province: [1], osot_practice_area: [] })).toEqual({
      osot_location_province: [1],
      osot_registration_class: null,
      osot_practice_area: null,
      osot_years_in_practice: null,
      osot_employment_status: null,
      osot_employment_sector: null,
    });
  });
});
