import { Module, type DynamicModule } from '@nestjs/common';
import type { Identity } from './lab-identity.js';
import type { LabOptions } from './lab-options.js';
import { LAB_IDENTITY, LAB_OPTIONS, LabService } from './lab.service.js';

@Module({})
export class LabModule {
  static forRoot(options: LabOptions, identity: Identity): DynamicModule {
    return {
      module: LabModule,
      providers: [LabService, { provide: LAB_OPTIONS, useValue: options }, { provide: LAB_IDENTITY, useValue: identity }],
    };
  }
}
