import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BoardController } from './board.controller.js';
import { BOARD_CONTEXT, type BoardContext } from './board.constants.js';
import { NotFoundFilter } from './not-found.filter.js';

/** The board: one controller, given the session and its owner's key by the session's main. */
@Module({})
export class BoardModule {
  static forRoot(ctx: BoardContext): DynamicModule {
    return {
      module: BoardModule,
      controllers: [BoardController],
      providers: [
        { provide: BOARD_CONTEXT, useValue: ctx },
        { provide: APP_FILTER, useClass: NotFoundFilter },
      ],
    };
  }
}
