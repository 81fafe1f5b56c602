import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from './locale.js';

describe('localeFromAcceptLanguage', () => {
  it.each([
    [undefined, 'id'],
    [null, 'id'],
    ['', 'id'],
    ['id', 'id'],
    ['id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7', 'id'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['EN-gb', 'en'],
    ['fr-FR,fr;q=0.9', 'id'],
    ['fr, en;q=0.5', 'en'],
    ['en;q=0.4, id;q=0.6', 'id'],
    ['id;q=0.4, en;q=0.6', 'en'],
    ['en;q=0.5, id;q=0.5', 'en'],
    ['in', 'id'],
    ['*', 'id'],
    ['en;q=0', 'id'],
    ['en;q=abc', 'id'],
    ['  en ; q=1 ', 'en'],
    [';;;,,,', 'id'],
  ])('%j → %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
