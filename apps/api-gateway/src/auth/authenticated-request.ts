import type { FastifyRequest } from 'fastify';
import type { JwtClaims } from '@medicalink/contracts';

/** The request after AuthGuard: `auth` holds the verified claims on token routes. */
export type AuthenticatedRequest = FastifyRequest & { auth?: JwtClaims };
