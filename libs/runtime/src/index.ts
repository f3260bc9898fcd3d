export { FreshResult, HEALTH_REPORT_MAX_AGE_MS } from './fresh-result';
export { HealthService, type HealthCheck } from './health.service';
export { healthErrorCode } from './health-error';
export { installHttpContext } from './http-context';
export {
  runService,
  runServiceFromMain,
  type ListeningAnnouncement,
  type RunningService,
  type ServiceOptions,
} from './run-service';
export { IS_PUBLIC, Public } from './public.decorator';
export { migrateFromMain, type DatabaseOptions } from './service-database';
export { APP_CONFIG, APP_LOGGER, DATABASE } from './tokens';
export { AppContextModule, type AppContext } from './app-context.module';
