import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * What a reader gets out of a PDF: the text of each page as Unicode, through the fonts' ToUnicode
 * maps (no system fonts, no rendering), and each page's size in points. Under Node, pdfjs runs its
 * worker in this thread ("fake worker"), importing pdf.worker.mjs from beside pdf.mjs: nothing to
 * set up.
 *
 * A page's text is its lines, one per "\n", each with runs of whitespace made one space.
 */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: string[]; sizes: Array<{ width: number; height: number }> }> {
  return withDocument(bytes, async (doc) => {
    const pages: string[] = [];
    const sizes: Array<{ width: number; height: number }> = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      sizes.push({ width: round2(x1 - x0), height: round2(y1 - y0) });
      let text = '';
      for (const item of (await page.getTextContent()).items) {
        if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(
        text
          .split('\n')
          .map((line) => line.replace(/\s+/g, ' ').trim())
          .filter((line) => line !== '')
          .join('\n'),
      );
      page.cleanup();
    }
    return { pages, sizes };
  });
}

/** Where each run of text sits on its page, in points from the bottom left: for layout checks. */
export async function pdfTextBoxes(bytes: Uint8Array): Promise<Array<Array<{ text: string; x: number; y: number; width: number }>>> {
  return withDocument(bytes, async (doc) => {
    const pages: Array<Array<{ text: string; x: number; y: number; width: number }>> = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const boxes = (await page.getTextContent()).items.flatMap((item) =>
        'str' in item && item.str.trim() !== '' ? [{ text: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }] : [],
      );
      pages.push(boxes);
      page.cleanup();
    }
    return pages;
  });
}

async function withDocument<T>(bytes: Uint8Array, use: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  // pdfjs may take over the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    return await use(doc);
  } finally {
    await doc.destroy();
  }
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
