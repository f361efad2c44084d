import { Module, type DynamicModule } from '@nestjs/common';
import type { ServerConfig } from '../config/app-config.js';
import { SERVER_CONFIG } from '../config/config.constants.js';
import { provideConfig } from '../config/config.token.js';
import { MirrorController } from './mirror.controller.js';
import { MirrorService } from './mirror.service.js';

/**
 * The mirror as a feature module: what server-sync and each server-cluster
 * worker give the server core (startLineServer). Its controller answers each
 * line with `<mirror>. <signature>`.
 */
@Module({})
export class MirrorModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: MirrorModule,
      controllers: [MirrorController],
      providers: [MirrorService, provideConfig(SERVER_CONFIG, config)],
      exports: [SERVER_CONFIG, MirrorService],
    };
  }
}
