/** Injection tokens the runtime provides to every app module. */
export const APP_LOGGER = Symbol('APP_LOGGER');
/** The app's own Kysely database, when the app declared one. */
export const DATABASE = Symbol('DATABASE');
