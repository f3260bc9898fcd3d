/** The six apps, in the order a whole system is started (the gateway last). */
export const MEDICALINK_APPS = [
  'accounts',
  'provider-directory',
  'product',
  'education',
  'orchestrator',
  'api-gateway',
] as const;
export type MedicalinkApp = (typeof MEDICALINK_APPS)[number];

/** The variable that sets each app's HTTP port (/health, /metrics, the gateway's API). */
export const APP_PORT_VARIABLES: Record<MedicalinkApp, string> = {
  'api-gateway': 'GATEWAY_PORT',
  orchestrator: 'ORCHESTRATOR_HTTP_PORT',
  accounts: 'ACCOUNTS_HTTP_PORT',
  'provider-directory': 'DIRECTORY_HTTP_PORT',
  product: 'PRODUCT_HTTP_PORT',
  education: 'EDUCATION_HTTP_PORT',
};
