/** A mistake in the command line or its files: exit 2 with the message. */
export class UsageError extends Error {}
