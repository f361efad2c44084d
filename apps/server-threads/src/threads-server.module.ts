import { Module, type DynamicModule } from '@nestjs/common';
import { ThreadsController } from './threads.controller.js';
import { WorkPool } from './work-pool.js';

/**
 * server-threads' feature module, given to the server core
 * (startLineServer) as the mirror is in the other servers: its controller
 * hands each line to the pool. The core binds no DelayInterceptor here
 * (`workBy: 'feature'`): the simulated work is done on the pool's threads,
 * not on the main thread.
 */
@Module({})
export class ThreadsServerModule {
  static forRoot(pool: WorkPool): DynamicModule {
    return {
      module: ThreadsServerModule,
      controllers: [ThreadsController],
      providers: [{ provide: WorkPool, useValue: pool }],
    };
  }
}
