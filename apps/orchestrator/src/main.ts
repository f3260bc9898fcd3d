import './tracing';
import { runServiceFromMain } from '@medicalink/runtime';
import { startOrchestrator } from './start';

runServiceFromMain(() => startOrchestrator());
