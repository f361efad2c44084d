import { Injectable } from '@nestjs/common';
import { mirrorText } from './mirror.js';

/** The mirror of docs/spec.md#2-mirroring as a Nest provider; the work is `mirrorText`. */
@Injectable()
export class MirrorService {
  mirror(text: string, preserveCase = true): string {
    return mirrorText(text, preserveCase);
  }
}
