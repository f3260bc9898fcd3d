import './tracing';
import { runServiceFromMain } from '@medicalink/runtime';
import { startDirectory } from './start';

runServiceFromMain(() => startDirectory());
