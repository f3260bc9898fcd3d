import './tracing';
import { runServiceFromMain } from '@medicalink/runtime';
import { startAccounts } from './start';

runServiceFromMain(() => startAccounts());
