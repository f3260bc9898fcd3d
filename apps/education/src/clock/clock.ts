import { Global, Module, type DynamicModule } from '@nestjs/common';

/** The time rules are judged at (graduation year range, category, membership expiry). */
export type Clock = () => Date;

export const CLOCK = Symbol('EDUCATION_CLOCK');

export const systemClock: Clock = () => new Date();

/** Provides CLOCK: the system clock, or the one a test passes to startEducation. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = systemClock): DynamicModule {
    return {
      module: ClockModule,
      providers: [{ provide: CLOCK, useValue: clock }],
      exports: [CLOCK],
    };
  }
}
