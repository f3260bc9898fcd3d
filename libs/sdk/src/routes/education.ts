import type {
  CollegeList,
  CountryList,
  EducationRecord,
  EducationRegistrationInput,
  EducationSession,
  EducationStepName,
  EducationStepResults,
  Page,
  RegistrationAudit,
  RegistrationListItem,
  RegistrationListQuery,
  RunRegistrationResult,
  StagedRegistration,
  StageRegistrationInput,
  UniversityList,
} from '../types.js';
import {
  creating,
  id,
  type CreateOptions,
  type OperationOptions,
  type PageQuery,
  type RouteCall,
} from './route.js';

const REGISTRATIONS = '/education/registrations';

/** Education registrations (step by step, or run whole), records and reference data. */
export function educationRoutes(call: RouteCall) {
  return {
    /** POST /education/registrations under an Idempotency-Key. */
    stageEducationRegistration: (body: StageRegistrationInput, options?: CreateOptions) =>
      call<StagedRegistration>(
        'stageEducationRegistration',
        creating({ method: 'POST', path: REGISTRATIONS, body }, options),
        options,
      ),

    /** One step of a staged registration: validate, category, link-account, create or complete. */
    educationRegistrationStep: <S extends EducationStepName>(
      sessionId: string,
      step: S,
      body?: { accountId: string },
      options?: OperationOptions,
    ) =>
      call<EducationStepResults[S]>(
        `education.${step}`,
        { method: 'POST', path: `${REGISTRATIONS}/${id(sessionId)}/${step}`, body },
        options,
      ),

    /** GET /education/registrations: newest first, expired ones included (owners: their own) */
    listEducationRegistrations: (query: RegistrationListQuery = {}, options?: OperationOptions) =>
      call<Page<RegistrationListItem>>(
        'listEducationRegistrations',
        { method: 'GET', path: REGISTRATIONS, query: { ...query } },
        options,
      ),

    getEducationRegistration: (sessionId: string, options?: OperationOptions) =>
      call<EducationSession>(
        'getEducationRegistration',
        { method: 'GET', path: `${REGISTRATIONS}/${id(sessionId)}` },
        options,
      ),

    /** POST /education/registrations/run: the whole workflow server side in one call. */
    runEducationRegistration: (body: EducationRegistrationInput, options?: CreateOptions) =>
      call<RunRegistrationResult>(
        'runEducationRegistration',
        creating({ method: 'POST', path: `${REGISTRATIONS}/run`, body }, options),
        options,
      ),

    /** One page of the registration's trail, oldest first. */
    getEducationRegistrationAudit: (
      sessionId: string,
      query: PageQuery = {},
      options?: OperationOptions,
    ) =>
      call<RegistrationAudit>(
        'getEducationRegistrationAudit',
        { method: 'GET', path: `${REGISTRATIONS}/${id(sessionId)}/audit`, query },
        options,
      ),

    getEducationRecord: (recordId: string, options?: OperationOptions) =>
      call<EducationRecord>(
        'getEducationRecord',
        { method: 'GET', path: `/education/records/${id(recordId)}` },
        options,
      ),

    listEducationRecords: (
      query: PageQuery & { userBusinessId?: string } = {},
      options?: OperationOptions,
    ) =>
      call<Page<EducationRecord>>(
        'listEducationRecords',
        { method: 'GET', path: '/education/records', query },
        options,
      ),

    /** The reference lists are paginated like every list (`page`, `limit` up to 100). */
    listCountries: (query: PageQuery = {}, options?: OperationOptions) =>
      call<CountryList>(
        'listCountries',
        { method: 'GET', path: '/education/reference/countries', query },
        options,
      ),

    listUniversities: (country: string, query: PageQuery = {}, options?: OperationOptions) =>
      call<UniversityList>(
        'listUniversities',
        {
          method: 'GET',
          path: '/education/reference/universities',
          query: { country, ...query },
        },
        options,
      ),

    /** `search` is fuzzy: case, accents and misspellings are tolerated. */
    listColleges: (
      country: string,
      search?: string,
      query: PageQuery = {},
      options?: OperationOptions,
    ) =>
      call<CollegeList>(
        'listColleges',
        {
          method: 'GET',
          path: '/education/reference/colleges',
          query: { country, search, ...query },
        },
        options,
      ),
  };
}
