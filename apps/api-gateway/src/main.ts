import './tracing';
import { runServiceFromMain } from '@medicalink/runtime';
import { startGateway } from './start';

runServiceFromMain(() => startGateway());
