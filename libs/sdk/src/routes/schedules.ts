import type {
  CoverageResult,
  CreateHospitalInput,
  Hospital,
  ImportScheduleInput,
  ImportStatus,
  Page,
  ScheduleImport,
  ScheduleVersionPage,
} from '../types.js';
import {
  creating,
  id,
  type CreateOptions,
  type OperationOptions,
  type PageQuery,
  type RouteCall,
} from './route.js';

/** Schedule imports and versions, and hospitals. */
export function scheduleRoutes(call: RouteCall) {
  return {
    /** POST /schedules/imports (multipart); 202 with the import id. */
    uploadScheduleImport: (input: ImportScheduleInput, options?: CreateOptions) => {
      const form = new FormData();
      form.append('hospitalId', input.hospitalId);
      if (input.rosterSourceUrl) form.append('rosterSourceUrl', input.rosterSourceUrl);
      form.append('file', input.file, input.fileName);
      return call<{ importId: string; status: ImportStatus }>(
        'uploadScheduleImport',
        creating({ method: 'POST', path: '/schedules/imports', form }, options),
        options,
      );
    },

    getScheduleImport: (importId: string, options?: OperationOptions) =>
      call<ScheduleImport>(
        'getScheduleImport',
        { method: 'GET', path: `/schedules/imports/${id(importId)}` },
        options,
      ),

    listScheduleImports: (
      query: PageQuery & { hospitalId?: string } = {},
      options?: OperationOptions,
    ) =>
      call<Page<ScheduleImport>>(
        'listScheduleImports',
        { method: 'GET', path: '/schedules/imports', query },
        options,
      ),

    /** GET /schedules/versions/:id: the version and a page of its shifts. */
    getScheduleVersion: (versionId: string, options?: OperationOptions) =>
      call<ScheduleVersionPage>(
        'getScheduleVersion',
        { method: 'GET', path: `/schedules/versions/${id(versionId)}` },
        options,
      ),

    recalculateCoverage: (versionId: string, options?: OperationOptions) =>
      call<CoverageResult>(
        'recalculateCoverage',
        { method: 'POST', path: `/schedules/versions/${id(versionId)}/coverage` },
        options,
      ),

    listHospitals: (query: PageQuery = {}, options?: OperationOptions) =>
      call<Page<Hospital>>('listHospitals', { method: 'GET', path: '/hospitals', query }, options),

    /** POST /hospitals under an Idempotency-Key (admin, main). */
    createHospital: (body: CreateHospitalInput, options?: CreateOptions) =>
      call<Hospital>(
        'createHospital',
        creating({ method: 'POST', path: '/hospitals', body }, options),
        options,
      ),
  };
}
