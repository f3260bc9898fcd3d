export { DomainError } from './domain-error';
export { INTERNAL_ERROR_MESSAGE, isMasked, publicError, UNAVAILABLE_MESSAGE } from './public-error';
