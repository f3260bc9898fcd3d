import type {
  CreateDoctorInput,
  CreateDoctorResponse,
  DoctorsPage,
  Page,
  RetrySagaResult,
  Saga,
  SagaListItem,
  SagaListQuery,
  SearchDoctorsQuery,
  UpdateDoctorInput,
  UpdatedDoctor,
} from '../types.js';
import {
  creating,
  id,
  type CreateOptions,
  type OperationOptions,
  type RouteCall,
} from './route.js';

/** The doctor and saga routes (the batched getDoctor is the client's: see client.ts). */
export function doctorRoutes(call: RouteCall) {
  return {
    /** POST /doctors (the saga) under an Idempotency-Key, so its retries join the same saga. */
    createDoctor: (body: CreateDoctorInput, options?: CreateOptions) =>
      call<CreateDoctorResponse>(
        'createDoctor',
        creating({ method: 'POST', path: '/doctors', body }, options),
        options,
      ),

    /** GET /doctors?ids=...: up to 100 doctors in one request, in the order asked. */
    getDoctors: (ids: readonly string[], options?: OperationOptions) =>
      call<DoctorsPage>(
        'getDoctors',
        { method: 'GET', path: '/doctors', query: { ids: ids.join(',') } },
        options,
      ),

    searchDoctors: (query: SearchDoctorsQuery = {}, options?: OperationOptions) =>
      call<DoctorsPage>(
        'searchDoctors',
        { method: 'GET', path: '/doctors', query: { ...query } },
        options,
      ),

    updateDoctor: (doctorId: string, body: UpdateDoctorInput, options?: OperationOptions) =>
      call<UpdatedDoctor>(
        'updateDoctor',
        { method: 'PATCH', path: `/doctors/${id(doctorId)}`, body },
        options,
      ),

    getSaga: (sagaId: string, options?: OperationOptions) =>
      call<Saga>('getSaga', { method: 'GET', path: `/sagas/${id(sagaId)}` }, options),

    listSagas: (query: SagaListQuery = {}, options?: OperationOptions) =>
      call<Page<SagaListItem>>(
        'listSagas',
        { method: 'GET', path: '/sagas', query: { ...query } },
        options,
      ),

    /** POST /sagas/:id/retry: resumes a failed compensation (admin, main) */
    retrySaga: (sagaId: string, options?: OperationOptions) =>
      call<RetrySagaResult>(
        'retrySaga',
        { method: 'POST', path: `/sagas/${id(sagaId)}/retry` },
        options,
      ),
  };
}
