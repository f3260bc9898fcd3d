import type {
  AccessModifier,
  DegreeType,
  EducationSession,
  RegistrationPriority,
  StageRegistrationInput,
} from '@medicalink/sdk';

/** What the start form holds, as typed. */
export interface RegistrationFormValues {
  userBusinessId: string;
  graduationYear: string;
  country: string;
  university: string;
  college: string;
  degreeType: DegreeType;
  accessModifier: AccessModifier;
  expirationHours: string;
  skipValidation: boolean;
  priority: RegistrationPriority;
}

export function emptyRegistrationForm(userBusinessId = ''): RegistrationFormValues {
  return {
    userBusinessId,
    graduationYear: String(new Date().getFullYear() - 1),
    country: 'CA',
    university: '',
    college: '',
    degreeType: 'masters',
    accessModifier: 'private',
    expirationHours: '72',
    skipValidation: false,
    priority: 'normal',
  };
}

/** A registration's data in the form again, e.g. to start over with a corrected college. */
export function formFromRegistration(
  session: EducationSession,
  changes: Partial<RegistrationFormValues> = {},
): RegistrationFormValues {
  const data = session.educationData;
  return {
    userBusinessId: session.userBusinessId,
    graduationYear: String(data.graduationYear),
    country: data.country,
    university: data.university,
    college: data.college ?? '',
    degreeType: data.degreeType,
    accessModifier: data.accessModifier,
    expirationHours: String(session.options.expirationHours),
    skipValidation: session.options.skipValidation,
    priority: session.options.priority,
    ...changes,
  };
}

/** The staging body; the server checks every field and names the ones it refuses. */
export function stagingBody(values: RegistrationFormValues): StageRegistrationInput {
  const college = values.college.trim();
  const hours = Number(values.expirationHours);
  return {
    userBusinessId: values.userBusinessId.trim(),
    educationData: {
      graduationYear: Number(values.graduationYear),
      university: values.university,
      country: values.country,
      degreeType: values.degreeType,
      accessModifier: values.accessModifier,
      ...(college ? { college } : {}),
    },
    options: {
      skipValidation: values.skipValidation,
      priority: values.priority,
      ...(values.expirationHours.trim() && Number.isFinite(hours)
        ? { expirationHours: hours }
        : {}),
    },
  };
}

/** Case, accents and spacing aside, the same name. */
export function sameName(a: string, b: string): boolean {
  const plain = (text: string) =>
    text
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  return plain(a) === plain(b);
}
