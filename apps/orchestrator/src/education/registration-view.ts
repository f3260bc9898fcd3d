import type { RegistrationView } from '@medicalink/contracts';
import type { Registration } from './registration.workflow';

/** A session as GET /education/registrations/:id shows it. */
export function toRegistrationView(session: Registration): RegistrationView {
  const { data, state } = session;
  return {
    sessionId: session.id,
    userBusinessId: data.userBusinessId,
    status: state,
    createdAt: session.createdAt,
    lastUpdatedAt: session.updatedAt,
    expiresAt: session.expiresAt,
    educationData: data.educationData,
    options: data.options,
    progress: {
      staged: state !== 'pending',
      validated: data.validation?.isValid === true,
      categoryDetermined: data.category !== null,
      accountLinked: data.linkedAccountId !== null,
      persisted: data.createdEducationId !== null,
      completed: state === 'workflow_completed',
    },
    validation: data.validation,
    category: data.category,
    linkedAccountId: data.linkedAccountId,
    createdEducationId: data.createdEducationId,
    errorMessage: data.errorMessage,
    lastError: data.lastError,
  };
}
