import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// A loaded CI machine renders slowly: wait up to 5 s for what a test expects to appear.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => cleanup());
