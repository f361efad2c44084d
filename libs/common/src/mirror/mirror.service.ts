import { Injectable } from '@nestjs/common';
import { mirrorText } from './mirror.js';

/** The mirror of SPEC §2 as a Nest provider; the work is `mirrorText`. */
@Injectable()
export class MirrorService {
  mirror(text: string, preserveCase = true): string {
    return mirrorText(text, preserveCase);
  }
}
