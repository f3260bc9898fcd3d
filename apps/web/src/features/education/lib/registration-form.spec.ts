import { describe, expect, it } from 'vitest';
import { emptyRegistrationForm, sameName, stagingBody } from './registration-form';

describe('the registration form', () => {
  it('builds the staging body, leaving out an empty college', () => {
    const body = stagingBody({
      ...emptyRegistrationForm(' OT-1 '),
      graduationYear: '2019',
      university: 'ca-mcgill-university',
    });
    expect(body).toEqual({
      userBusinessId: 'OT-1',
      educationData: {
        graduationYear: 2019,
        university: 'ca-mcgill-university',
        country: 'CA',
        degreeType: 'masters',
        accessModifier: 'private',
      },
      options: { skipValidation: false, priority: 'normal', expirationHours: 72 },
    });
  });

  it('compares college names as the server does: case, accents and spacing aside', () => {
    expect(sameName('Collège  de Maisonneuve', 'college de maisonneuve')).toBe(true);
    expect(sameName('Humber Colege', 'Humber College')).toBe(false);
  });
});
