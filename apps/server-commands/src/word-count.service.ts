import { Injectable } from '@nestjs/common';

/**
 * Counts the words of a text: the example of a service a later lab adds. It
 * knows nothing of sockets or Nest's transport; the controller is given it by
 * dependency injection.
 */
@Injectable()
export class WordCountService {
  // Intl.Segmenter knows word boundaries in Russian and English alike; its
  // isWordLike leaves out spaces and punctuation ("Ю.П." is two words).
  private readonly words = new Intl.Segmenter('ru', { granularity: 'word' });

  count(text: string): number {
    let count = 0;
    for (const segment of this.words.segment(text)) if (segment.isWordLike) count += 1;
    return count;
  }
}
