/** Injection tokens the runtime provides to every app module (see AppContextModule). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const APP_LOGGER = Symbol('APP_LOGGER');
/** The app's own Kysely database, when the app declared one. */
export const DATABASE = Symbol('DATABASE');
