import type { RGB } from 'pdf-lib';

/**
 * pdf-lib's rgb() without loading pdf-lib: a colour is plain data, and pdf-lib (one of the
 * heaviest modules the desk has) is loaded with the first document, not at start.
 */
export const grey = (level: number): RGB => ({ type: 'RGB' as RGB['type'], red: level, green: level, blue: level });
