import type { ProductOptionSet } from '@medicalink/contracts';

/**
 * The reference data of the choice fields, version 1: the labels people pick from. Values are
 * the integers products and targets store (Dataverse option-set values; province 1 is Ontario
 * and 2 Quebec, the values the product guide's examples use). The migration that loads them
 * is named after this version: a later version is a new migration that upserts its rows.
 */
export const OPTION_SETS_VERSION = 1;

export const OPTION_SETS: Record<ProductOptionSet, readonly (readonly [number, string])[]> = {
  category: [
    [1, 'Membership'],
    [2, 'Insurance'],
    [3, 'Workshop'],
    [4, 'Conference'],
    [5, 'Webinar'],
    [6, 'Publication'],
    [7, 'Merchandise'],
    [8, 'Donation'],
  ],
  status: [
    [1, 'Available'],
    [2, 'Draft'],
    [3, 'Unavailable'],
    [4, 'Discontinued'],
  ],
  glCode: [
    [1, '4000 Membership fees'],
    [2, '4010 Student membership fees'],
    [3, '4100 Insurance premiums'],
    [10, '4300 Conference registrations'],
    [11, '4310 Conference sponsorship'],
    [16, '4400 Continuing education'],
    [17, '4410 Webinars'],
    [20, '4500 Publications'],
    [21, '4600 Merchandise'],
    [30, '4900 Donations'],
  ],
  osot_location_province: [
    [1, 'Ontario'],
    [2, 'Quebec'],
    [3, 'British Columbia'],
    [4, 'Alberta'],
    [5, 'Manitoba'],
    [6, 'Saskatchewan'],
    [7, 'Nova Scotia'],
    [8, 'New Brunswick'],
    [9, 'Newfoundland and Labrador'],
    [10, 'Prince Edward Island'],
    [11, 'Northwest Territories'],
    [12, 'Nunavut'],
    [13, 'Yukon'],
    [14, 'Outside Canada'],
  ],
  osot_registration_class: [
    [1, 'General'],
    [2, 'Provisional'],
    [3, 'Temporary'],
    [4, 'Student'],
    [5, 'Retired'],
    [6, 'Affiliate'],
  ],
  osot_practice_area: [
    [1, 'Mental health'],
    [2, 'Paediatrics'],
    [3, 'Older adults'],
    [4, 'Neurology'],
    [5, 'Physical rehabilitation'],
    [6, 'Vocational rehabilitation'],
    [7, 'Community care'],
    [8, 'Acute care'],
    [9, 'Long-term care'],
    [10, 'Education and research'],
    [11, 'Management and administration'],
    [12, 'Other'],
  ],
  osot_years_in_practice: [
    [1, 'Less than 1 year'],
    [2, '1 to 2 years'],
    [3, '3 to 5 years'],
    [4, '6 to 10 years'],
    [5, '11 to 20 years'],
    [6, 'More than 20 years'],
  ],
  osot_employment_status: [
    [1, 'Full-time'],
    [2, 'Part-time'],
    [3, 'Self-employed'],
    [4, 'Casual'],
    [5, 'On leave'],
    [6, 'Not practising'],
  ],
  osot_employment_sector: [
    [1, 'Public hospital'],
    [2, 'Community health'],
    [3, 'Long-term care'],
    [4, 'Private practice'],
    [5, 'School board'],
    [6, 'Government'],
    [7, 'Insurance and legal'],
    [8, 'Other'],
  ],
};
