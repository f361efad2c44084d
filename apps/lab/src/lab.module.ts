import { Module, type DynamicModule } from '@nestjs/common';
import type { LabOptions } from './lab-options.js';
import { LAB_OPTIONS, LabService } from './lab.service.js';

@Module({})
export class LabModule {
  static forRoot(options: LabOptions): DynamicModule {
    return { module: LabModule, providers: [LabService, { provide: LAB_OPTIONS, useValue: options }] };
  }
}
