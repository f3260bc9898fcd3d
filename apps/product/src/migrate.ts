import { migrateFromMain } from '@medicalink/runtime';
import { loadProductConfig } from './config';
import { productMigrations } from './database/product.migrations';

const config = loadProductConfig();
migrateFromMain('product', {
  serverUrl: config.DATABASE_URL,
  name: config.PRODUCT_DATABASE,
  migrations: productMigrations,
});
