import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { classTexts } from './class-texts.js';
import { boardPage } from './board-page.js';
import { BOARD_CONTEXT, type BoardContext } from './board.constants.js';
import { isOwner } from './owner.js';
import { rowOf } from './class-session.js';
import { REFUSAL_STATUS, UploadRefused } from './upload-store.js';
import { renderDocx, renderHtml, renderMarkdown } from '@app/report';

type Req = IncomingMessage & { socket: { remoteAddress?: string } };

const header = (req: Req, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

const REPORT_TYPES = {
  'report.md': 'text/markdown; charset=utf-8',
  'report.html': 'text/html; charset=utf-8',
  'report.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/**
 * The board's HTTP face (docs/class.md, "The board's API"): the page, its
 * state, the uploads (the kit clients call the same endpoint), the owner's
 * controls, and the joint report made on request from what is there.
 */
@Controller()
export class BoardController {
  constructor(@Inject(BOARD_CONTEXT) private readonly ctx: BoardContext) {}

  private get t() {
    return classTexts(this.ctx.lang);
  }

  @Get()
  page(@Res() res: ServerResponse): void {
    const nonce = randomBytes(16).toString('base64');
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}' 'unsafe-inline'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
      'Referrer-Policy': 'no-referrer',
    });
    res.end(boardPage(this.ctx.lang, this.t.board, nonce));
  }

  @Get('api/state')
  state(@Req() req: Req, @Res() res: ServerResponse): void {
    const s = this.ctx.session;
    const owner = isOwner(req.socket.remoteAddress, header(req, 'x-owner-key'), this.ctx.key);
    const round = s.round;
    sendJson(res, 200, {
      phase: s.phase,
      now: Date.now(),
      round: round && { index: round.index, total: s.rounds.length, app: round.app, status: round.status, error: round.error },
      rounds: s.rounds.map((r) => ({ index: r.index, app: r.app, status: r.status, met: s.condition(r).met })),
      rows: round ? s.connections(round).map(rowOf) : [],
      condition: round ? s.condition(round) : { met: false, arrivedWhileWaiting: [] },
      uploads: s.uploads.list().map((u) => ({
        id: u.id,
        file: u.file,
        shownName: u.shownName,
        client: u.client,
        kind: u.kind,
        connections: u.connections,
      })),
      participants: s.participants(),
      owner,
      ...(owner ? { code: s.code, commands: this.ctx.commands } : {}),
    });
  }

  @Post('api/uploads')
  async upload(@Req() req: Req, @Res() res: ServerResponse): Promise<void> {
    try {
      const u = await this.ctx.session.uploads.accept({
        body: req,
        code: header(req, 'x-session-code'),
        client: header(req, 'x-client'),
        server: header(req, 'x-server'),
        fileName: header(req, 'x-file-name'),
        contentLength: header(req, 'content-length'),
        from: req.socket.remoteAddress ?? '',
      });
      this.ctx.session.onChange();
      sendJson(res, 201, {
        id: u.id,
        kind: u.kind,
        connections: u.connections,
        message: this.t.uploaded(u.file, u.kind, u.connections),
      });
    } catch (error) {
      if (!(error instanceof UploadRefused)) throw error;
      // The rest of a refused body is not read: the connection is closed once the answer is out.
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.destroy());
      sendJson(res, REFUSAL_STATUS[error.code], { error: error.code, message: this.t.refusals[error.code] });
    }
  }

  @Post('api/next')
  next(@Req() req: Req, @Res() res: ServerResponse): void {
    if (!this.owner(req, res)) return;
    void this.ctx.session.next();
    sendJson(res, 202, { message: this.t.board.next });
  }

  @Post('api/end')
  end(@Req() req: Req, @Res() res: ServerResponse): void {
    if (!this.owner(req, res)) return;
    sendJson(res, 202, { message: this.t.board.ended });
    this.ctx.requestEnd();
  }

  @Get('report/:file')
  async report(
    @Param('file') file: string,
    @Query('student') student: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (!(file in REPORT_TYPES)) return sendJson(res, 404, { error: 'not-found', message: this.t.notFound });
    const name = typeof student === 'string' && this.ctx.session.participants().includes(student) ? student : undefined;
    const doc = this.ctx.buildReport(name);
    const body = file === 'report.md' ? renderMarkdown(doc) : file === 'report.html' ? renderHtml(doc) : await renderDocx(doc);
    res.writeHead(200, {
      'Content-Type': REPORT_TYPES[file as keyof typeof REPORT_TYPES],
      'Content-Disposition': `attachment; filename="${file}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // A report opened from the board runs nothing: its SVG and texts are inert.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    });
    res.end(body);
  }

  private owner(req: Req, res: ServerResponse): boolean {
    if (isOwner(req.socket.remoteAddress, header(req, 'x-owner-key'), this.ctx.key)) return true;
    sendJson(res, 403, { error: 'not-owner', message: this.t.forbidden });
    return false;
  }
}
