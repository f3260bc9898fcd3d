import './tracing';
import { runServiceFromMain } from '@medicalink/runtime';
import { startProduct } from './start';

runServiceFromMain(() => startProduct());
