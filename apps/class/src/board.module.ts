import { Module, type DynamicModule } from '@nestjs/common';
import { BoardController } from './board.controller.js';
import { BOARD_CONTEXT, type BoardContext } from './board.constants.js';

@Module({})
export class BoardModule {
  static forRoot(ctx: BoardContext): DynamicModule {
    return { module: BoardModule, controllers: [BoardController], providers: [{ provide: BOARD_CONTEXT, useValue: ctx }] };
  }
}
