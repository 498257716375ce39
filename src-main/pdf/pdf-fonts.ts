import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type fontkitModule from '@pdf-lib/fontkit';
import type * as PdfLib from 'pdf-lib';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { AppError } from '../../src-shared/errors';

/**
 * The fonts every PDF the desk writes embeds (post letters, statistics reports): DejaVu Sans, so
 * Greek prints on any printer and the text can be copied and searched as Unicode.
 */
export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

const PRODUCER = 'KEP Live Desk';

export interface FontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
  /** Code points both fonts can draw: anything else would print as an empty box. */
  printable: Set<number>;
}

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** pdf-lib and fontkit with the first document, not at start: they are the heaviest modules the desk has. */
const loadFontkit = async (): Promise<typeof fontkitModule> => ((await import('@pdf-lib/fontkit')) as { default: typeof fontkitModule }).default;
const loadPdfLib = (): Promise<typeof PdfLib> => import('pdf-lib');

/** Reads the fonts once, on the first document; a failed read is tried again on the next one. */
export function fontLoader(fontsDir: string): () => Promise<FontFiles> {
  let files: Promise<FontFiles> | null = null;
  return () => {
    files ??= readFonts(fontsDir).catch((error: unknown) => {
      files = null;
      throw error;
    });
    return files;
  };
}

async function readFonts(fontsDir: string): Promise<FontFiles> {
  const read = async (name: string): Promise<Uint8Array> => {
    try {
      return new Uint8Array(await readFile(join(fontsDir, name)));
    } catch (error) {
      throw new AppError('internal', `The font for printed letters is missing (${join(fontsDir, name)}): reinstall KEP Live Desk.`, { cause: error });
    }
  };
  const [regular, bold, fontkit] = await Promise.all([read(FONT_FILES.regular), read(FONT_FILES.bold), loadFontkit()]);
  const inBold = new Set(fontkit.create(bold).characterSet);
  const printable = new Set(fontkit.create(regular).characterSet.filter((c) => inBold.has(c)));
  return { regular, bold, printable };
}

/** A new PDF with both fonts embedded and its metadata set. */
export async function newDocument(
  files: FontFiles,
  meta: { title: string; author: string; subject: string; language: string },
): Promise<{ pdf: PDFDocument; fonts: Fonts }> {
  const [{ PDFDocument }, fontkit] = await Promise.all([loadPdfLib(), loadFontkit()]);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  // Subsets keep a letter at 10 to 30 kB instead of some 800 kB of font; the text still extracts
  // as Unicode (pdf-lib writes a ToUnicode map for the glyphs it keeps), which the tests check,
  // along with each kept glyph against the original.
  const [regular, bold] = await Promise.all([pdf.embedFont(files.regular, { subset: true }), pdf.embedFont(files.bold, { subset: true })]);
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  pdf.setAuthor(meta.author);
  pdf.setSubject(meta.subject);
  pdf.setCreator(PRODUCER);
  pdf.setProducer(PRODUCER);
  pdf.setLanguage(meta.language);
  return { pdf, fonts: { regular, bold } };
}
