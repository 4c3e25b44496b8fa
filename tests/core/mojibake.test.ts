import { describe, expect, it } from 'vitest';
import { findMojibake } from '../../src/lint/mojibake.js';

describe('mojibake detection', () => {
  it.each([
    ['et voil√†', '√†', 'à'],
    ['isnâ€™t', 'â€™', '’'],
    ['Ã©tÃ©', 'Ã©', 'é'],
    ['Grâ€œquotedâ€', 'â€œ', '“'],
    ['emoji ðŸŽ‰ party', 'ðŸŽ‰', '🎉'],
    ['Ãœber', 'Ãœ', 'Ü'],
  ])('finds %s', (text, bad, fix) => {
    expect(findMojibake(text)[0]).toMatchObject({ text: bad, fix });
  });

  it.each([
    'l’état du projet', 'd’être', 'Grüße aus Köln', 'straße', '“quotes” — dash', '日本語のテキスト', 'naïve café', 'Ελληνικά', 'emoji ✨🎉', 'qu’à', 'l’équipe',
  ])('leaves correct text alone: %s', (text) => {
    expect(findMojibake(text)).toEqual([]);
  });
});
