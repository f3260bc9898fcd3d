import type {
  EducationValidationResult,
  RegistrationCaller,
  RegistrationCategory,
  RegistrationView,
} from '@medicalink/contracts';

/**
 * What an owner reads of its own registration names no other account and no other record or
 * session: staging admits only the owner's business id and linking only its own account, but
 * the business id check names whatever else holds the id (records, other sessions) and staff
 * may link or categorise the session with another account. Admin and main read everything.
 */
export function viewFor(caller: RegistrationCaller, view: RegistrationView): RegistrationView {
  if (caller.privilege !== 'owner') return view;
  return {
    ...view,
    validation: view.validation ? validationFor(caller, view.validation) : null,
    category: view.category ? categoryFor(caller, view.category) : null,
    linkedAccountId: view.linkedAccountId === caller.id ? view.linkedAccountId : null,
  };
}

/** Existing records and sessions holding the business id, without their ids. */
export function validationFor<T extends EducationValidationResult>(
  caller: RegistrationCaller,
  validation: T,
): T {
  if (caller.privilege !== 'owner') return validation;
  const existing = validation.checks.userBusinessId.existingRecords;
  const withoutIds = existing?.map(({ id: _id, ...ref }) => ref);
  return {
    ...validation,
    checks: {
      ...validation.checks,
      userBusinessId: {
        ...validation.checks.userBusinessId,
        ...(withoutIds ? { existingRecords: withoutIds } : {}),
      },
    },
    criticalFailures: validation.criticalFailures.map((issue) =>
      issue.context && 'existingRecords' in issue.context
        ? { ...issue, context: { ...issue.context, existingRecords: withoutIds } }
        : issue,
    ),
  };
}

/** A category decided with another account's membership keeps its rule, not that account. */
export function categoryFor<T extends RegistrationCategory>(
  caller: RegistrationCaller,
  category: T,
): T {
  if (caller.privilege !== 'owner' || category.accountId === null) return category;
  if (category.accountId === caller.id) return category;
  return {
    ...category,
    accountId: null,
    membershipExpiresAt: null,
    reason: `decided with the membership of another account (graduation ${category.graduationYear})`,
  };
}
