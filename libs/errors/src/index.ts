export { DomainError } from './domain-error';
export {
  INTERNAL_ERROR_MESSAGES,
  internalErrorMessage,
  isInternalError,
  maskInternalError,
  type ReportedError,
} from './internal-errors';
