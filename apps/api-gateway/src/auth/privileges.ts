/** owner < admin < main: one ranking, shared with the accounts service. */
export { isAtLeast } from '@medicalink/contracts';
