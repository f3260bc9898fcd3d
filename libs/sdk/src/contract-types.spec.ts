import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type {
  Account as AccountContract,
  CreateAccountBody,
  CreateDoctorBody,
  CreateDoctorResponse as CreateDoctorResponseContract,
  DoctorComposite,
  GatewayHealth as GatewayHealthContract,
  AudienceTarget as AudienceTargetContract,
  RegistrationView,
  RunRegistrationBody,
  StageRegistrationBody,
  ChangePasswordBody,
  SearchDoctorsQuery as SearchDoctorsQueryContract,
  CreateHospitalBody,
  Hospital as HospitalContract,
  ImportMessage as ImportMessageContract,
  ScheduleImportAccepted,
  ScheduleImportView,
  ListProductsQuery as ListProductsQueryContract,
  LoginResponse as LoginResponseContract,
  Product as ProductContract,
  ProductCommitSucceeded,
  ProductInput as ProductInputContract,
  ProductOptions as ProductOptionsContract,
  ProductSessionCreated as ProductSessionCreatedContract,
  ProductSessionProgress as ProductSessionProgressContract,
  ProductSessionView,
  SagaView,
  UpdateAccountBody,
  UpdateDoctorBody,
} from '@medicalink/contracts';
import type { Permission } from '@medicalink/contracts';
import type * as Sdk from './types.js';

/**
 * The SDK writes the gateway's shapes out as plain types (the published package cannot depend
 * on the private contracts library or on zod). These checks fail to compile when a contract and
 * the SDK's copy drift apart: replies must match exactly, bodies must accept what the SDK sends.
 */
describe('SDK types match the gateway contracts', () => {
  it('replies', () => {
    expectTypeOf<Sdk.Account>().toEqualTypeOf<z.output<typeof AccountContract>>();
    expectTypeOf<Sdk.Doctor>().toEqualTypeOf<z.output<typeof DoctorComposite>>();
    expectTypeOf<Sdk.CreateDoctorResponse>().toEqualTypeOf<
      z.output<typeof CreateDoctorResponseContract>
    >();
    expectTypeOf<Sdk.LoginResponse>().toEqualTypeOf<z.output<typeof LoginResponseContract>>();
    expectTypeOf<Sdk.Saga>().toEqualTypeOf<z.output<typeof SagaView>>();
    expectTypeOf<Sdk.GatewayHealth>().toEqualTypeOf<z.output<typeof GatewayHealthContract>>();
    expectTypeOf<Sdk.Product>().toEqualTypeOf<z.output<typeof ProductContract>>();
    expectTypeOf<Sdk.ProductOptions>().toEqualTypeOf<z.output<typeof ProductOptionsContract>>();
    expectTypeOf<Sdk.ProductSession>().toEqualTypeOf<z.output<typeof ProductSessionView>>();
    expectTypeOf<Sdk.ProductSessionCreated>().toEqualTypeOf<
      z.output<typeof ProductSessionCreatedContract>
    >();
    expectTypeOf<Sdk.ProductSessionProgress>().toEqualTypeOf<
      z.output<typeof ProductSessionProgressContract>
    >();
    expectTypeOf<Sdk.ScheduleImport>().toEqualTypeOf<z.output<typeof ScheduleImportView>>();
    expectTypeOf<Sdk.ImportMessage>().toEqualTypeOf<z.output<typeof ImportMessageContract>>();
    expectTypeOf<{ importId: string; status: Sdk.ImportStatus }>().toEqualTypeOf<
      z.output<typeof ScheduleImportAccepted>
    >();
    expectTypeOf<Sdk.Hospital>().toEqualTypeOf<z.output<typeof HospitalContract>>();
    expectTypeOf<Sdk.ProductCommitResult>().toEqualTypeOf<
      z.output<typeof ProductCommitSucceeded>
    >();
  });

  it('bodies', () => {
    expectTypeOf<Sdk.Permission>().toEqualTypeOf<Permission>();
    expectTypeOf<Sdk.CreateDoctorInput>().toEqualTypeOf<z.input<typeof CreateDoctorBody>>();
    expectTypeOf<Sdk.CreateAccountInput>().toEqualTypeOf<z.input<typeof CreateAccountBody>>();
    expectTypeOf<Sdk.UpdateAccountInput>().toEqualTypeOf<z.input<typeof UpdateAccountBody>>();
    expectTypeOf<Sdk.UpdateDoctorInput>().toEqualTypeOf<z.input<typeof UpdateDoctorBody>>();
    expectTypeOf<Sdk.ProductInput>().toEqualTypeOf<z.input<typeof ProductInputContract>>();
    expectTypeOf<Sdk.AudienceTarget>().toEqualTypeOf<z.input<typeof AudienceTargetContract>>();
    expectTypeOf<Sdk.ChangePasswordInput>().toEqualTypeOf<z.input<typeof ChangePasswordBody>>();
    expectTypeOf<Sdk.SearchDoctorsQuery>().toExtend<z.input<typeof SearchDoctorsQueryContract>>();
    expectTypeOf<Sdk.StageRegistrationInput>().toEqualTypeOf<
      z.input<typeof StageRegistrationBody>
    >();
    expectTypeOf<Sdk.EducationRegistrationInput>().toEqualTypeOf<
      z.input<typeof RunRegistrationBody>
    >();
    expectTypeOf<z.output<typeof RegistrationView>>().toExtend<Sdk.EducationSession>();
    expectTypeOf<Sdk.CreateHospitalInput>().toEqualTypeOf<z.input<typeof CreateHospitalBody>>();
    expectTypeOf<Sdk.ListProductsQuery>().toExtend<z.input<typeof ListProductsQueryContract>>();
  });
});
