import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFRef, type PDFString } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { A4, DL_ENVELOPE, FONT_FILES, createPostLetters, documentTitle, type PostLetterInput } from '../../src-main/dispatch/post-letters';
import { pdfText, pdfTextBoxes } from '../support/pdf-text';
import { makeTempDir } from '../support/temp-dir';

const FONTS_DIR = resolve(__dirname, '../../resources/fonts');
const MM = 72 / 25.4;

const input: PostLetterInput = {
  kepName: 'ΚΕΠ Δήμου Αθηναίων',
  kepAddress: 'Σταδίου 30, 105 59 Αθήνα',
  signatory: { name: 'Μαρία Παπαδοπούλου', role: 'employee' },
  date: '29 Νοεμβρίου 2026',
  protocolNumber: '1234/2026',
  citizenName: 'Γεώργιος Παπαδόπουλος',
  postalAddress: 'Οδός Ερμού 25, 105 63 Αθήνα',
  subject: 'Πιστοποιητικό οικογενειακής κατάστασης',
  documents: ['Πιστοποιητικό οικογενειακής κατάστασης', 'Βεβαίωση μόνιμης κατοικίας', 'Αντίγραφο ποινικού μητρώου γενικής χρήσης'],
  trackingNumber: 'RR123456785GR',
};

const letters = createPostLetters(FONTS_DIR);
/** All pages' lines, in order. */
const linesOf = (pages: string[]): string[] => pages.flatMap((page) => page.split('\n'));
const oneSpaced = (pages: string[]): string => pages.join(' ').replace(/\s+/g, ' ');
/** The recipient's lines on the envelope: those after "ΠΡΟΣ:" (which may share its line with the marker on the left). */
const recipientLines = (pages: string[]): string[] => {
  const lines = linesOf(pages);
  return lines.slice(lines.findIndex((line) => line.endsWith('ΠΡΟΣ:')) + 1);
};
/** The lines from the one starting with `first` up to the one starting with `next`, joined. */
const span = (lines: string[], first: string, next: string): string =>
  lines
    .slice(
      lines.findIndex((line) => line.startsWith(first)),
      lines.findIndex((line) => line.startsWith(next)),
    )
    .join(' ');

describe('cover letter', () => {
  it('is one A4 page in Greek that reads back, as Unicode, exactly what went in', async () => {
    const { pages, sizes } = await pdfText(await letters.coverLetter(input));
    expect(sizes).toEqual([{ width: 595.28, height: 841.89 }]);
    const lines = linesOf(pages);
    const text = oneSpaced(pages);
    for (const line of [
      'ΚΕΠ Δήμου Αθηναίων',
      'Κέντρο Εξυπηρέτησης Πολιτών — myKEPlive',
      'Ημερομηνία: 29 Νοεμβρίου 2026',
      'Αρ. πρωτ.: 1234/2026',
      'ΠΡΟΣ:',
      'Γεώργιος Παπαδόπουλος',
      'Οδός Ερμού 25',
      '105 63 Αθήνα',
      'ΘΕΜΑ: Αποστολή εγγράφων — Πιστοποιητικό οικογενειακής κατάστασης',
      'Συνημμένα (3):',
      '1. Πιστοποιητικό οικογενειακής κατάστασης',
      '2. Βεβαίωση μόνιμης κατοικίας',
      '3. Αντίγραφο ποινικού μητρώου γενικής χρήσης',
      'Αποστολή με συστημένη επιστολή, αριθμός συστημένου: RR123456785GR.',
      'Με εκτίμηση,',
    ]) {
      expect(lines).toContain(line);
    }
    expect(text).toContain('Σας αποστέλλουμε συνημμένα τα έγγραφα που αιτηθήκατε');
    // Recipient, then subject, then the list, then the closing: the order a letter is read in.
    const at = (line: string): number => lines.indexOf(line);
    expect(at('Γεώργιος Παπαδόπουλος')).toBeLessThan(at('Οδός Ερμού 25'));
    expect(at('105 63 Αθήνα')).toBeLessThan(at('ΘΕΜΑ: Αποστολή εγγράφων — Πιστοποιητικό οικογενειακής κατάστασης'));
    expect(at('3. Αντίγραφο ποινικού μητρώου γενικής χρήσης')).toBeLessThan(at('Με εκτίμηση,'));
    expect(text).not.toContain('Σελίδα');
  });

  it('speaks of one document in the singular, and says only "registered" while the number is not known', async () => {
    const { pages } = await pdfText(await letters.coverLetter({ ...input, documents: ['Βεβαίωση μόνιμης κατοικίας'], trackingNumber: null }));
    const lines = linesOf(pages);
    expect(lines).toContain('ΘΕΜΑ: Αποστολή εγγράφου — Πιστοποιητικό οικογενειακής κατάστασης');
    expect(lines).toContain('Συνημμένο:');
    expect(lines).toContain('1. Βεβαίωση μόνιμης κατοικίας');
    expect(lines).toContain('Αποστολή με συστημένη επιστολή.');
    expect(oneSpaced(pages)).toContain('το έγγραφο που αιτηθήκατε');
    expect(oneSpaced(pages)).not.toContain('συστημένου');
  });

  it('continues a long list of documents on a second page, numbered, with the closing after the last one', async () => {
    const documents = Array.from({ length: 60 }, (_, i) => `Πιστοποιητικό οικογενειακής κατάστασης αρ. ${i + 1}`);
    const { pages, sizes } = await pdfText(await letters.coverLetter({ ...input, documents }));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(sizes.every((s) => s.width === A4.width && s.height === A4.height)).toBe(true);
    expect(pages[0]).toContain('1. Πιστοποιητικό οικογενειακής κατάστασης αρ. 1');
    expect(pages[0]).toContain(`Σελίδα 1 από ${pages.length}`);
    const last = pages.at(-1)!;
    expect(last).toContain('60. Πιστοποιητικό οικογενειακής κατάστασης αρ. 60');
    expect(last).toContain('Με εκτίμηση,');
    expect(last).toContain(`Σελίδα ${pages.length} από ${pages.length}`);
    // A page after the first says whose letter it continues.
    expect(pages[1]).toContain('ΚΕΠ Δήμου Αθηναίων · Αρ. πρωτ.: 1234/2026 (συνέχεια)');
    // Each document once, in order, none lost at the page break.
    const listed = linesOf(pages).filter((line) => /^\d+\. /.test(line));
    expect(listed).toEqual(documents.map((name, i) => `${i + 1}. ${name}`));
  });

  it('wraps long text by its measured width and keeps every line inside the margins', async () => {
    const subject = 'Πιστοποιητικό οικογενειακής κατάστασης και βεβαίωση μόνιμης κατοικίας για την εγγραφή του τέκνου στο δημοτικό σχολείο';
    const longName = 'Έγγραφο με πολύ μεγάλο τίτλο που δεν χωράει σε μία γραμμή της σελίδας και αναδιπλώνεται κάτω από το κείμενό του';
    const bytes = await letters.coverLetter({ ...input, subject, documents: [longName, 'Βεβαίωση μόνιμης κατοικίας'] });
    for (const box of (await pdfTextBoxes(bytes)).flat()) {
      expect(box.x).toBeGreaterThanOrEqual(25 * MM - 0.5);
      expect(box.x + box.width).toBeLessThanOrEqual(A4.width - 20 * MM + 0.5);
    }
    const { pages } = await pdfText(bytes);
    const lines = linesOf(pages);
    expect(lines.find((line) => line.startsWith('ΘΕΜΑ:'))).not.toContain(subject);
    expect(span(lines, 'ΘΕΜΑ:', 'Σας αποστέλλουμε')).toBe(`ΘΕΜΑ: Αποστολή εγγράφων — ${subject}`);
    expect(lines.find((line) => line.startsWith('1. '))).not.toBe(`1. ${longName}`);
    expect(span(lines, '1. ', '2. ')).toBe(`1. ${longName}`);
  });
});

describe('ready to sign and post', () => {
  it('signs the cover letter with the name and role of the person printing it, and gives the KEP’s address', async () => {
    const { pages } = await pdfText(await letters.coverLetter(input));
    const text = oneSpaced(pages);
    expect(text).toContain('Μαρία Παπαδοπούλου, υπάλληλος του ΚΕΠ Δήμου Αθηναίων');
    expect(text).not.toContain('Ο/Η υπάλληλος');
    expect(linesOf(pages)).toEqual(expect.arrayContaining(['Σταδίου 30', '105 59 Αθήνα']));
    const supervisor = oneSpaced((await pdfText(await letters.coverLetter({ ...input, signatory: { name: 'Νίκος Αντωνίου', role: 'supervisor' } }))).pages);
    expect(supervisor).toContain('Νίκος Αντωνίου, προϊστάμενος/η του ΚΕΠ Δήμου Αθηναίων');
  });

  it('puts the KEP’s postal address under the sender on the envelope, above the recipient', async () => {
    const { pages } = await pdfText(await letters.envelopeLabel(input));
    const lines = linesOf(pages);
    const sender = lines.slice(
      0,
      lines.findIndex((line) => line.startsWith('Αρ. πρωτ.')),
    );
    expect(sender).toEqual(['ΑΠΟΣΤΟΛΕΑΣ:', 'ΚΕΠ Δήμου Αθηναίων', 'Κέντρο Εξυπηρέτησης Πολιτών — myKEPlive', 'Σταδίου 30', '105 59 Αθήνα']);
    const boxes = (await pdfTextBoxes(await letters.envelopeLabel(input)))[0]!;
    const street = boxes.find((b) => b.text === 'Σταδίου 30')!;
    expect(street.x).toBeLessThan(20 * MM);
    expect(street.y).toBeGreaterThan(DL_ENVELOPE.height / 2 + 10 * MM); // clear of the registered marker
  });

  it('names each document by its title, not its file name', () => {
    expect(documentTitle('Βεβαίωση μόνιμης κατοικίας.pdf')).toBe('Βεβαίωση μόνιμης κατοικίας');
    expect(documentTitle('Pistopoiitiko_oikogeneiakis_katastasis.PDF')).toBe('Pistopoiitiko oikogeneiakis katastasis');
    expect(documentTitle('.pdf')).toBe('.pdf');
  });

  it('keeps the envelope as before for a KEP without an address', async () => {
    const lines = linesOf((await pdfText(await letters.envelopeLabel({ ...input, kepAddress: null }))).pages);
    expect(lines.slice(0, 4)).toEqual(['ΑΠΟΣΤΟΛΕΑΣ:', 'ΚΕΠ Δήμου Αθηναίων', 'Κέντρο Εξυπηρέτησης Πολιτών — myKEPlive', 'Αρ. πρωτ.: 1234/2026']);
  });
});

describe('envelope', () => {
  it('is a DL envelope face: sender, the registered marker and number, the recipient line by line', async () => {
    const { pages, sizes } = await pdfText(await letters.envelopeLabel(input));
    expect(sizes).toEqual([{ width: 623.62, height: 311.81 }]);
    expect(DL_ENVELOPE.width).toBeCloseTo(220 * MM, 5);
    expect(pages).toHaveLength(1);
    const lines = linesOf(pages);
    expect(lines.slice(0, 2)).toEqual(['ΑΠΟΣΤΟΛΕΑΣ:', 'ΚΕΠ Δήμου Αθηναίων']);
    expect(oneSpaced(pages)).toContain('ΣΥΣΤΗΜΕΝΟ');
    expect(lines).toContain('Αρ. συστημένου: RR123456785GR');
    expect(recipientLines(pages)).toEqual(['Γεώργιος Παπαδόπουλος', 'Οδός Ερμού 25', '105 63 Αθήνα']);
  });

  it('puts the sender top left, keeps the top right free for postage, and the recipient in the lower right half', async () => {
    const [boxes] = await pdfTextBoxes(await letters.envelopeLabel(input));
    const box = (text: string) => boxes!.find((b) => b.text === text)!;
    expect(box('ΑΠΟΣΤΟΛΕΑΣ:').x).toBeLessThan(20 * MM);
    expect(box('ΑΠΟΣΤΟΛΕΑΣ:').y).toBeGreaterThan(DL_ENVELOPE.height - 20 * MM);
    for (const line of ['Γεώργιος Παπαδόπουλος', 'Οδός Ερμού 25', '105 63 Αθήνα']) {
      expect(box(line).x).toBeGreaterThan(DL_ENVELOPE.width * 0.4);
      expect(box(line).y).toBeLessThan(DL_ENVELOPE.height - 40 * MM);
      expect(box(line).y).toBeGreaterThanOrEqual(15 * MM);
    }
    const postageCorner = boxes!.filter((b) => b.x + b.width > DL_ENVELOPE.width - 70 * MM && b.y > DL_ENVELOPE.height - 40 * MM);
    expect(postageCorner).toEqual([]);
  });

  it('splits the address at commas and newlines, and leaves the number off until it is known', async () => {
    const { pages } = await pdfText(
      await letters.envelopeLabel({ ...input, postalAddress: 'Λεωφόρος Κηφισίας 12,\n3ος όροφος ,, \n  151 25   Μαρούσι\n', trackingNumber: null }),
    );
    expect(recipientLines(pages)).toEqual(['Γεώργιος Παπαδόπουλος', 'Λεωφόρος Κηφισίας 12', '3ος όροφος', '151 25 Μαρούσι']);
    expect(oneSpaced(pages)).toContain('ΣΥΣΤΗΜΕΝΟ');
    expect(oneSpaced(pages)).not.toContain('Αρ. συστημένου');
  });
});

describe('text as it comes from people', () => {
  it('prints decomposed accents as the composed letters, and a tracking number as the receipt shows it', async () => {
    const { pages } = await pdfText(
      await letters.envelopeLabel({ ...input, citizenName: 'Γεώργιος Παπαδόπουλος'.normalize('NFD'), trackingNumber: ' rr 123 456 785 gr ' }),
    );
    expect(linesOf(pages)).toContain('Γεώργιος Παπαδόπουλος');
    expect(linesOf(pages)).toContain('Αρ. συστημένου: RR123456785GR');
  });

  it('refuses what it cannot print rightly, saying which field to fix', async () => {
    await expect(letters.coverLetter({ ...input, citizenName: 'Γεώργιος 🙂 Παπαδόπουλος' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining("the citizen's name"),
    });
    await expect(letters.envelopeLabel({ ...input, trackingNumber: 'RR123456784GR' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('RR123456784GR'),
    });
    await expect(letters.envelopeLabel({ ...input, postalAddress: ' , \n ' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('postal address'),
    });
    await expect(letters.coverLetter({ ...input, documents: [' '] })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(letters.coverLetter({ ...input, subject: 'α'.repeat(301) })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'The subject is longer than 300 characters.',
    });
    const tooManyLines = Array.from({ length: 14 }, (_, i) => `Γραμμή διεύθυνσης ${i + 1}`).join('\n');
    await expect(letters.envelopeLabel({ ...input, postalAddress: tooManyLines })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('do not fit on the envelope'),
    });
  });
});

describe('the PDF file', () => {
  it('carries a title, the producer and the language', async () => {
    const pdf = await PDFDocument.load(await letters.coverLetter(input), { updateMetadata: false });
    expect(pdf.getTitle()).toBe('Διαβιβαστικό έγγραφο, αρ. πρωτ. 1234/2026');
    expect(pdf.getProducer()).toBe('KEP Live Desk');
    expect(pdf.getAuthor()).toBe('ΚΕΠ Δήμου Αθηναίων');
    expect((pdf.catalog.get(PDFName.of('Lang')) as PDFString).decodeText()).toBe('el-GR');
  });

  it('embeds subsets of DejaVu Sans whose glyphs are the originals, with a ToUnicode map, at a few tens of kilobytes', async () => {
    for (const bytes of [await letters.coverLetter(input), await letters.envelopeLabel(input)]) {
      expect(bytes.length).toBeLessThan(60_000);
      const fonts = embeddedFonts(await PDFDocument.load(bytes, { updateMetadata: false }));
      expect(fonts.map((f) => f.baseFont.replace(/-\d+$/, '')).sort()).toEqual(['/DejaVuSans', '/DejaVuSans-Bold']);
      for (const font of fonts) {
        const original = fontkit.create(readFileSync(join(FONTS_DIR, font.baseFont.startsWith('/DejaVuSans-Bold') ? FONT_FILES.bold : FONT_FILES.regular)));
        const subset = fontkit.create(font.fontFile);
        // A subset, not the whole font; and no cmap of its own: text extraction can only have
        // come through ToUnicode.
        expect(subset.numGlyphs).toBeLessThan(200);
        expect(Object.keys(internals(subset).directory.tables)).not.toContain('cmap');
        expect(font.toUnicode.size).toBeGreaterThan(20);
        for (const [gid, text] of font.toUnicode) {
          const glyph = original.glyphForCodePoint(text.codePointAt(0)!);
          expect(subset.getGlyph(gid).path.toSVG(), `glyph for "${text}"`).toBe(glyph.path.toSVG());
          expect(subset.getGlyph(gid).advanceWidth).toBe(glyph.advanceWidth);
        }
      }
    }
  });

  it('ships fonts the subsetter copies safely: every glyph record of even length', () => {
    // @pdf-lib/fontkit writes a subset's loca in the short format, which halves offsets: a glyph
    // record of odd length would shift every glyph after it (foliojs/fontkit#191, fixed upstream
    // but not in this fork). DejaVu's records are padded; a replacement font must be checked.
    for (const file of Object.values(FONT_FILES)) {
      const { offsets } = internals(fontkit.create(readFileSync(join(FONTS_DIR, file)))).loca;
      const odd = offsets.slice(1).filter((end, i) => (end - offsets[i]!) % 2 !== 0);
      expect(odd, file).toEqual([]);
    }
  });
});

describe('fonts', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('are read once, on the first letter, and a failed read is tried again', async () => {
    const own = createPostLetters(dir.path);
    // Both fonts are missing and are read at once: the error names whichever read failed first.
    const missing = new RegExp(`${escapeRegExp(dir.path)}/(${Object.values(FONT_FILES).map(escapeRegExp).join('|')})`);
    await expect(own.envelopeLabel(input)).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(missing) });
    for (const file of Object.values(FONT_FILES)) copyFileSync(join(FONTS_DIR, file), join(dir.path, file));
    await own.coverLetter(input);
    for (const file of Object.values(FONT_FILES)) rmSync(join(dir.path, file));
    const { pages } = await pdfText(await own.envelopeLabel(input));
    expect(linesOf(pages)).toContain('Γεώργιος Παπαδόπουλος');
  });
});

/** The parts of a fontkit font its typings leave out: the table directory and the glyph offsets. */
const internals = (font: object) => font as { directory: { tables: Record<string, unknown> }; loca: { offsets: number[] } };

interface EmbeddedFont {
  baseFont: string;
  fontFile: Uint8Array;
  /** Glyph id to the text it stands for, as the ToUnicode map says. */
  toUnicode: Map<number, string>;
}

/** The Type 0 fonts in a PDF, with their embedded font program and ToUnicode map. */
function embeddedFonts(pdf: PDFDocument): EmbeddedFont[] {
  const { context } = pdf;
  const stream = (ref: unknown): Uint8Array => {
    const s = context.lookup(ref as PDFRef);
    if (!(s instanceof PDFRawStream)) throw new Error(`not a stream: ${String(ref)}`);
    return s.dict.get(PDFName.of('Filter')) === undefined ? s.contents : new Uint8Array(inflateSync(s.contents));
  };
  const fonts: EmbeddedFont[] = [];
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const descendant = context.lookup(context.lookup(object.get(PDFName.of('DescendantFonts')), PDFArray).get(0), PDFDict);
    const descriptor = context.lookup(descendant.get(PDFName.of('FontDescriptor')), PDFDict);
    const cmap = new TextDecoder().decode(stream(object.get(PDFName.of('ToUnicode'))));
    const toUnicode = new Map<number, string>();
    for (const [, gid, hex] of cmap.matchAll(/<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>/g)) {
      const units = hex!.match(/.{4}/g)!.map((unit) => parseInt(unit, 16));
      toUnicode.set(parseInt(gid!, 16), String.fromCharCode(...units));
    }
    fonts.push({ baseFont: String(object.get(PDFName.of('BaseFont'))), fontFile: stream(descriptor.get(PDFName.of('FontFile2'))), toUnicode });
  }
  return fonts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
