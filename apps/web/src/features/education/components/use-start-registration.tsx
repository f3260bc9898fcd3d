import type { StagedRegistration } from '@medicalink/sdk';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '../../../config/paths';
import { useAuth } from '../../../lib/auth';
import { useCan } from '../../../lib/authorization';
import { useMe } from '../../auth/api/get-me';
import { emptyRegistrationForm, type RegistrationFormValues } from '../lib/registration-form';
import { StartRegistrationDialog } from './start-registration-dialog';

/**
 * The start dialog wired for a page: opened blank or with values (a correction), it opens the
 * staged registration. An owner registers their own business id.
 */
export function useStartRegistration() {
  const auth = useAuth();
  const me = useMe();
  const navigate = useNavigate();
  const staff = useCan('education:skip-validation');
  const [initial, setInitial] = useState<RegistrationFormValues | null>(null);
  const accountId = auth.status === 'signed-in' ? auth.claims.accountId : '';
  const ownBusinessId = staff ? '' : (me.data?.businessId ?? '');

  const open = (values?: RegistrationFormValues) =>
    setInitial(values ?? emptyRegistrationForm(ownBusinessId));
  const onStaged = (staged: StagedRegistration) => {
    setInitial(null);
    void navigate(paths.registration(staged.sessionId));
  };
  const dialog = initial && (
    <StartRegistrationDialog
      open
      initial={initial}
      lockedBusinessId={!staff && ownBusinessId !== ''}
      maySkipValidation={staff}
      onClose={() => setInitial(null)}
      onStaged={onStaged}
    />
  );
  return { open, dialog, accountId };
}
