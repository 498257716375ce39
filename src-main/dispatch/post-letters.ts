import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';
import { isValidTrackingNumber, normalizeTrackingNumber } from '../../src-shared/domain/tracking-number';
import { AppError } from '../../src-shared/errors';
import { grey } from '../pdf/pdf-colours';
import { FONT_FILES, type FontFiles, type Fonts, fontLoader, newDocument as newPdf } from '../pdf/pdf-fonts';

/**
 * The paper side of registered post: a cover letter (A4, Greek, as official letters are) that
 * goes in the envelope with the documents, and the face of the envelope itself. Both are PDFs
 * with DejaVu Sans embedded, so Greek prints on any printer and the text can be copied and
 * searched as Unicode.
 */

/** What goes on the letter and the envelope; every field is text as the employee entered it. */
export interface PostLetterInput {
  kepName: string;
  /** The KEP's own address, the sender on the envelope ("Σταδίου 30, 105 63 Αθήνα"); null when the hub has none. */
  kepAddress: string | null;
  /** Who signs the cover letter: the person printing it at the desk. */
  signatory: { name: string; role: 'employee' | 'supervisor' };
  /** Already formatted, e.g. "29 Νοεμβρίου 2026". */
  date: string;
  protocolNumber: string;
  citizenName: string;
  /** One line per comma or newline: "Οδός Ερμού 25, 105 63 Αθήνα". */
  postalAddress: string;
  subject: string;
  /** Names of the enclosed documents, listed and numbered on the letter. */
  documents: string[];
  /** Known once the post office has taken the letter; S10, e.g. RR123456785GR. */
  trackingNumber: string | null;
}

/** Who a letter is from: the KEP and the person signing for it. */
export type LetterSender = Pick<PostLetterInput, 'kepName' | 'kepAddress' | 'signatory'>;

export interface PostLetters {
  coverLetter(input: PostLetterInput): Promise<Uint8Array>;
  envelopeLabel(input: PostLetterInput): Promise<Uint8Array>;
}

export { FONT_FILES };

const MM = 72 / 25.4;
export const A4 = { width: 595.28, height: 841.89 } as const;
/**
 * The envelope is printed straight onto a DL envelope (220 × 110 mm), landscape: it is the
 * envelope an A4 letter folded in three goes into, every office printer takes it through the
 * manual feed, and no label stock has to be kept at the counter. Its face is laid out as the post
 * expects: sender at the top left, the top right left free for postage and the post office's
 * registered-mail sticker, the recipient large in the lower right half.
 */
export const DL_ENVELOPE = { width: 220 * MM, height: 110 * MM } as const;

const SENDER_LINE = 'Κέντρο Εξυπηρέτησης Πολιτών — myKEPlive';
const BLACK = grey(0);
const GREY = grey(0.35);

export function createPostLetters(fontsDir: string): PostLetters {
  const loadFonts = fontLoader(fontsDir);

  return {
    async coverLetter(input) {
      const fontFiles = await loadFonts();
      const letter = cleanInput(input, fontFiles.printable);
      if (letter.documents.length === 0) throw new AppError('invalid_input', 'The cover letter needs at least one enclosed document.');
      const doc = await newDocument(fontFiles, {
        title: `Διαβιβαστικό έγγραφο, αρ. πρωτ. ${letter.protocolNumber}`,
        author: letter.kepName,
        subject: letter.subject,
      });
      layOutCoverLetter(doc.pdf, doc.fonts, letter);
      return doc.pdf.save();
    },

    async envelopeLabel(input) {
      const fontFiles = await loadFonts();
      const letter = cleanInput(input, fontFiles.printable);
      const doc = await newDocument(fontFiles, {
        title: `Φάκελος συστημένης επιστολής, αρ. πρωτ. ${letter.protocolNumber}`,
        author: letter.kepName,
        subject: letter.subject,
      });
      layOutEnvelope(doc.pdf, doc.fonts, letter);
      return doc.pdf.save();
    },
  };
}

function newDocument(files: FontFiles, meta: { title: string; author: string; subject: string }): Promise<{ pdf: PDFDocument; fonts: Fonts }> {
  return newPdf(files, { ...meta, language: 'el-GR' });
}

type Letter = Omit<PostLetterInput, 'postalAddress' | 'kepAddress' | 'signatory'> & {
  addressLines: string[];
  kepAddressLines: string[];
  signatory: string;
};

/** How the signatory's role reads under their name on an official letter. */
const ROLE_TITLES: Record<PostLetterInput['signatory']['role'], string> = { employee: 'υπάλληλος', supervisor: 'προϊστάμενος/η' };

/**
 * The document as the letter names it: its name without the file's extension and the
 * underscores file names stand in for spaces ("Βεβαίωση_κατοικίας.pdf" → "Βεβαίωση κατοικίας").
 */
export function documentTitle(fileName: string): string {
  const title = fileName
    .replace(/\.pdf$/i, '')
    .replace(/_+/g, ' ')
    .trim();
  return title === '' ? fileName : title;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Longer than this, a field is not a name, an address line or a subject but a mistake. */
const MAX_FIELD_LENGTH = 300;

const FIELD_NAMES: Record<keyof PostLetterInput, string> = {
  kepName: "the KEP's name",
  kepAddress: "the KEP's postal address",
  signatory: "the signatory's name",
  date: 'the date',
  protocolNumber: 'the protocol number',
  citizenName: "the citizen's name",
  postalAddress: 'the postal address',
  subject: 'the subject',
  documents: 'the document names',
  trackingNumber: 'the tracking number',
};

/**
 * One form for every string: composed (NFC) so accents are single glyphs, spaces collapsed,
 * and only characters the font can draw; a required field that is empty is an error, not a gap
 * on the envelope.
 */
function cleanInput(input: PostLetterInput, printable: Set<number>): Letter {
  const clean = (field: keyof PostLetterInput, value: string): string => {
    const text = value.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (text.length > MAX_FIELD_LENGTH)
      throw new AppError('invalid_input', `${capitalize(FIELD_NAMES[field])} is longer than ${MAX_FIELD_LENGTH} characters.`, {
        reason: 'letter.field_too_long',
      });
    for (const char of text) {
      if (!printable.has(char.codePointAt(0)!)) {
        const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        throw new AppError('invalid_input', `The character "${char}" (${code}) in ${FIELD_NAMES[field]} cannot be printed: remove or replace it.`, {
          reason: 'letter.unprintable',
        });
      }
    }
    return text;
  };
  const required = (field: keyof PostLetterInput, value: string): string => {
    const text = clean(field, value);
    if (text === '') throw new AppError('invalid_input', `The letter needs ${FIELD_NAMES[field]}.`, { reason: 'letter.field_missing' });
    return text;
  };
  const lines = (field: 'postalAddress' | 'kepAddress', address: string): string[] =>
    address
      .split(/[,\n\r]+/)
      .map((line) => clean(field, line))
      .filter((line) => line !== '');
  const addressLines = lines('postalAddress', input.postalAddress);
  if (addressLines.length === 0) throw new AppError('invalid_input', `The letter needs ${FIELD_NAMES.postalAddress}.`, { reason: 'letter.field_missing' });
  let trackingNumber: string | null = null;
  if (input.trackingNumber !== null) {
    trackingNumber = normalizeTrackingNumber(input.trackingNumber);
    if (!isValidTrackingNumber(trackingNumber)) {
      throw new AppError('invalid_input', `"${input.trackingNumber}" is not a registered-mail number (e.g. RE123456785GR): check it against the receipt.`);
    }
  }
  return {
    kepName: required('kepName', input.kepName),
    kepAddressLines: input.kepAddress === null ? [] : lines('kepAddress', input.kepAddress),
    signatory: `${required('signatory', input.signatory.name)}, ${ROLE_TITLES[input.signatory.role]} του ${required('kepName', input.kepName)}`,
    date: required('date', input.date),
    protocolNumber: required('protocolNumber', input.protocolNumber),
    citizenName: required('citizenName', input.citizenName),
    addressLines,
    subject: required('subject', input.subject),
    documents: input.documents.map((name) => clean('documents', name)).filter((name) => name !== ''),
    trackingNumber,
  };
}

/**
 * Greedy line breaking by measured width, at spaces and after a hyphen between letters (double
 * surnames); a word wider than the line is broken where it must be.
 */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string): boolean => font.widthOfTextAtSize(s, size) <= width;
  const pieces = text.split(' ').flatMap((word) => word.split(/(?<=\p{L}-)(?=\p{L})/u).map((piece, i) => ({ piece, afterSpace: i === 0 })));
  const lines: string[] = [];
  let line = '';
  for (const { piece, afterSpace } of pieces) {
    const candidate = line === '' ? piece : `${line}${afterSpace ? ' ' : ''}${piece}`;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const char of piece) {
      if (line !== '' && !fits(line + char)) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
  }
  lines.push(line);
  return lines;
}

interface Style {
  font: PDFFont;
  size: number;
  /** Baseline to baseline. */
  leading: number;
  color?: RGB;
}

// ---------------------------------------------------------------------------------------------
// Cover letter

const MARGIN = { left: 25 * MM, right: 20 * MM, top: 20 * MM, bottom: 22 * MM };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
/** The right-hand column of a Greek official letter: date, protocol number, recipient, signature. */
const RIGHT_COLUMN_X = MARGIN.left + 87 * MM;
const RIGHT_COLUMN_WIDTH = A4.width - MARGIN.right - RIGHT_COLUMN_X;

/** Writes top to bottom, starting a new page when the next block would cross the bottom margin. */
class Flow {
  readonly pages: PDFPage[] = [];
  page: PDFPage;
  y: number;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly continuationHeader: (page: PDFPage) => number,
  ) {
    this.page = this.pdf.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN.top;
  }

  /** Keeps the next `height` points together on one page. */
  need(height: number): void {
    if (this.y - height >= MARGIN.bottom) return;
    this.page = this.pdf.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN.top - this.continuationHeader(this.page);
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** A paragraph, wrapped to `width`; with `keep`, its lines are not split across pages. */
  paragraph(text: string, style: Style, x = MARGIN.left, width = CONTENT_WIDTH, keep = false): void {
    const lines = wrap(text, style.font, style.size, width);
    if (keep) this.need(lines.length * style.leading);
    for (const line of lines) this.line(line, x, style);
  }

  /** A label (a number, "ΘΕΜΑ:") with its text wrapped beside it, continuation lines hanging under the text. */
  hanging(label: string, labelStyle: Style, text: string, style: Style, indent: number): void {
    const lines = wrap(text, style.font, style.size, CONTENT_WIDTH - indent);
    this.need(Math.min(lines.length, 2) * style.leading);
    lines.forEach((line, i) => {
      this.need(style.leading);
      if (i === 0)
        this.page.drawText(label, { x: MARGIN.left, y: this.y - style.size, size: labelStyle.size, font: labelStyle.font, color: labelStyle.color ?? BLACK });
      this.page.drawText(line, { x: MARGIN.left + indent, y: this.y - style.size, size: style.size, font: style.font, color: style.color ?? BLACK });
      this.y -= style.leading;
    });
  }

  line(text: string, x: number, style: Style): void {
    this.need(style.leading);
    this.page.drawText(text, { x, y: this.y - style.size, size: style.size, font: style.font, color: style.color ?? BLACK });
    this.y -= style.leading;
  }
}

function layOutCoverLetter(pdf: PDFDocument, fonts: Fonts, letter: Letter): void {
  const body: Style = { font: fonts.regular, size: 10.5, leading: 15 };
  const bodyBold: Style = { ...body, font: fonts.bold };
  const small: Style = { font: fonts.regular, size: 8, leading: 11, color: GREY };
  const plural = letter.documents.length > 1;

  const flow = new Flow(pdf, (page) => {
    const header = `${letter.kepName} · Αρ. πρωτ.: ${letter.protocolNumber} (συνέχεια)`;
    for (const [i, line] of wrap(header, small.font, small.size, CONTENT_WIDTH).entries()) {
      page.drawText(line, {
        x: MARGIN.left,
        y: A4.height - MARGIN.top - small.size - i * small.leading,
        size: small.size,
        font: small.font,
        color: small.color ?? GREY,
      });
    }
    return 2 * small.leading + 6 * MM;
  });

  // Sender on the left, date and protocol number on the right, side by side from the top.
  const top = flow.y;
  const senderWidth = RIGHT_COLUMN_X - MARGIN.left - 2 * MM;
  flow.paragraph('ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ', bodyBold, MARGIN.left, senderWidth);
  flow.paragraph(letter.kepName, bodyBold, MARGIN.left, senderWidth);
  flow.paragraph(SENDER_LINE, body, MARGIN.left, senderWidth);
  for (const line of letter.kepAddressLines) flow.paragraph(line, body, MARGIN.left, senderWidth);
  const senderBottom = flow.y;
  flow.y = top;
  flow.paragraph(`Ημερομηνία: ${letter.date}`, body, RIGHT_COLUMN_X, RIGHT_COLUMN_WIDTH);
  flow.paragraph(`Αρ. πρωτ.: ${letter.protocolNumber}`, bodyBold, RIGHT_COLUMN_X, RIGHT_COLUMN_WIDTH);
  flow.y = Math.min(flow.y, senderBottom);

  flow.gap(12 * MM);
  flow.line('ΠΡΟΣ:', RIGHT_COLUMN_X, bodyBold);
  flow.paragraph(letter.citizenName, body, RIGHT_COLUMN_X, RIGHT_COLUMN_WIDTH);
  for (const line of letter.addressLines) flow.paragraph(line, body, RIGHT_COLUMN_X, RIGHT_COLUMN_WIDTH);

  flow.gap(12 * MM);
  const subjectLabel = 'ΘΕΜΑ:';
  flow.hanging(
    subjectLabel,
    bodyBold,
    `Αποστολή ${plural ? 'εγγράφων' : 'εγγράφου'} — ${letter.subject}`,
    bodyBold,
    fonts.bold.widthOfTextAtSize(`${subjectLabel} `, body.size),
  );

  flow.gap(8 * MM);
  flow.paragraph(
    plural
      ? 'Σας αποστέλλουμε συνημμένα τα έγγραφα που αιτηθήκατε μέσω της υπηρεσίας myKEPlive του Κέντρου Εξυπηρέτησης Πολιτών.'
      : 'Σας αποστέλλουμε συνημμένα το έγγραφο που αιτηθήκατε μέσω της υπηρεσίας myKEPlive του Κέντρου Εξυπηρέτησης Πολιτών.',
    body,
  );

  flow.gap(4 * MM);
  flow.need(2 * body.leading);
  flow.line(plural ? `Συνημμένα (${letter.documents.length}):` : 'Συνημμένο:', MARGIN.left, bodyBold);
  const numberWidth = fonts.regular.widthOfTextAtSize(`${letter.documents.length}.  `, body.size);
  letter.documents.forEach((name, i) => flow.hanging(`${i + 1}.`, body, name, body, numberWidth));

  flow.gap(4 * MM);
  flow.paragraph(
    letter.trackingNumber === null ? 'Αποστολή με συστημένη επιστολή.' : `Αποστολή με συστημένη επιστολή, αριθμός συστημένου: ${letter.trackingNumber}.`,
    body,
    MARGIN.left,
    CONTENT_WIDTH,
    true,
  );

  // The closing and the room for a signature and stamp stay together.
  flow.gap(10 * MM);
  const signatureSpace = 22 * MM;
  const signatory = wrap(letter.signatory, body.font, body.size, RIGHT_COLUMN_WIDTH);
  flow.need((1 + signatory.length) * body.leading + signatureSpace);
  flow.line('Με εκτίμηση,', RIGHT_COLUMN_X, body);
  flow.gap(signatureSpace);
  for (const line of signatory) flow.line(line, RIGHT_COLUMN_X, body);

  if (flow.pages.length > 1) {
    flow.pages.forEach((page, i) => {
      const text = `Σελίδα ${i + 1} από ${flow.pages.length}`;
      const width = small.font.widthOfTextAtSize(text, small.size);
      page.drawText(text, { x: A4.width - MARGIN.right - width, y: 12 * MM, size: small.size, font: small.font, color: small.color ?? GREY });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Envelope

const ENVELOPE_EDGE = 10 * MM;
/** The recipient block: from here to the right edge, and no lower than the sorting machines' strip. */
const RECIPIENT_X = 100 * MM;
const RECIPIENT_BOTTOM = 15 * MM;
/** The top right is the post office's: postage and the registered-mail sticker. */
const RECIPIENT_TOP = DL_ENVELOPE.height - 40 * MM;

function layOutEnvelope(pdf: PDFDocument, fonts: Fonts, letter: Letter): void {
  const page = pdf.addPage([DL_ENVELOPE.width, DL_ENVELOPE.height]);
  const draw = (text: string, x: number, y: number, style: Style): void =>
    page.drawText(text, { x, y, size: style.size, font: style.font, color: style.color ?? BLACK });

  // Sender, small, at the top left.
  const senderWidth = 80 * MM;
  const senderLabel: Style = { font: fonts.bold, size: 7.5, leading: 10 };
  const sender: Style = { font: fonts.regular, size: 8.5, leading: 11 };
  let y = DL_ENVELOPE.height - ENVELOPE_EDGE - senderLabel.size;
  draw('ΑΠΟΣΤΟΛΕΑΣ:', ENVELOPE_EDGE, y, senderLabel);
  y -= senderLabel.leading;
  for (const line of wrap(letter.kepName, fonts.bold, sender.size, senderWidth)) {
    draw(line, ENVELOPE_EDGE, y, { ...sender, font: fonts.bold });
    y -= sender.leading;
  }
  for (const line of [SENDER_LINE, ...letter.kepAddressLines].flatMap((text) => wrap(text, sender.font, sender.size, senderWidth))) {
    draw(line, ENVELOPE_EDGE, y, sender);
    y -= sender.leading;
  }
  draw(`Αρ. πρωτ.: ${letter.protocolNumber}`, ENVELOPE_EDGE, y, { ...sender, size: 7.5, color: GREY });

  // The registered-mail marker, boxed, on the left under the sender, with the number when known.
  const marker = 'ΣΥΣΤΗΜΕΝΟ';
  const markerSize = 15;
  const markerWidth = fonts.bold.widthOfTextAtSize(marker, markerSize);
  const markerY = DL_ENVELOPE.height / 2 - 2 * MM;
  const pad = 2.5 * MM;
  page.drawRectangle({
    x: ENVELOPE_EDGE,
    y: markerY - pad,
    width: markerWidth + 2 * pad,
    height: markerSize + 2 * pad - 2,
    borderColor: BLACK,
    borderWidth: 1.5,
  });
  draw(marker, ENVELOPE_EDGE + pad, markerY + 1, { font: fonts.bold, size: markerSize, leading: markerSize });
  if (letter.trackingNumber !== null) {
    draw(`Αρ. συστημένου: ${letter.trackingNumber}`, ENVELOPE_EDGE, markerY - pad - 14, { font: fonts.regular, size: 9.5, leading: 12 });
  }

  // The recipient, large, in the lower right half: the largest size from 14 pt down to 9 pt at
  // which each line fits on one line and the block fits its space; failing that (a very long
  // name), the largest at which the block fits with long lines wrapped.
  const width = DL_ENVELOPE.width - ENVELOPE_EDGE - RECIPIENT_X;
  const labelStyle: Style = { font: fonts.bold, size: 8, leading: 12 };
  const layOut = (size: number): Array<{ text: string; style: Style }> => {
    const name: Style = { font: fonts.bold, size, leading: size * 1.3 };
    const address: Style = { font: fonts.regular, size, leading: size * 1.3 };
    return [
      ...wrap(letter.citizenName, name.font, size, width).map((text) => ({ text, style: name })),
      ...letter.addressLines.flatMap((line) => wrap(line, address.font, size, width).map((text) => ({ text, style: address }))),
    ];
  };
  const heightOf = (lines: Array<{ style: Style }>): number => labelStyle.leading + lines.reduce((sum, l) => sum + l.style.leading, 0);
  const sizes = Array.from({ length: 11 }, (_, i) => 14 - i / 2);
  const fitsSpace = (lines: Array<{ style: Style }>): boolean => heightOf(lines) <= RECIPIENT_TOP - RECIPIENT_BOTTOM;
  const size =
    sizes.find((s) => {
      const lines = layOut(s);
      return lines.length === 1 + letter.addressLines.length && fitsSpace(lines);
    }) ?? sizes.find((s) => fitsSpace(layOut(s)));
  if (size === undefined)
    throw new AppError('invalid_input', 'The name and address do not fit on the envelope: shorten them or use fewer lines.', {
      reason: 'letter.address_too_long',
    });
  const block = layOut(size);
  const blockHeight = heightOf(block);
  // Sits at 60 mm from the bottom edge, or higher when it has many lines.
  let top = Math.min(RECIPIENT_TOP, Math.max(60 * MM, RECIPIENT_BOTTOM + blockHeight));
  draw('ΠΡΟΣ:', RECIPIENT_X, top - labelStyle.size, labelStyle);
  top -= labelStyle.leading;
  for (const { text, style } of block) {
    draw(text, RECIPIENT_X, top - style.size, style);
    top -= style.leading;
  }
}
