import { Module } from '@nestjs/common';
import { OptionSetsModule } from './options/option-sets.module';
import { ProductsModule } from './products/products.module';

@Module({ imports: [ProductsModule, OptionSetsModule] })
export class AppModule {}
