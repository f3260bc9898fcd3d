import './tracing';
import { runServiceFromMain } from '@medicalink/runtime';
import { startEducation } from './start';

runServiceFromMain(() => startEducation());
