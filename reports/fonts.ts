// DejaVu Sans from the dejavu-fonts-ttf package: it covers Russian and the Kazakh letters
// (ә ғ қ ң ө ұ ү һ і), and embedded as TrueType its text extracts as correct Unicode.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkit';

export interface ReportFonts {
  regular: Font;
  bold: Font;
}

let files: { regular: Buffer; bold: Buffer } | undefined;

/**
 * The two fonts, parsed for one report: its counting pass and its streamed pass draw the same
 * text in the same order, so they share them and each table is decoded and each glyph built
 * once, not twice. Never shared between reports: fontkit keeps the first characters it met for a
 * glyph (a space and a no-break space are one glyph), and what a report's text extracts as must
 * not depend on the reports drawn before it. The files are read once per process.
 */
export function reportFonts(): ReportFonts {
  if (!files) {
    const folder = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    files = { regular: readFileSync(join(folder, 'DejaVuSans.ttf')), bold: readFileSync(join(folder, 'DejaVuSans-Bold.ttf')) };
  }
  return { regular: parsed(files.regular), bold: parsed(files.bold) };
}

function parsed(file: Buffer): Font {
  const font = create(file);
  if (!('layout' in font)) throw new Error('a DejaVu file is a font collection, not one font');
  return font;
}

declare global {
  // pdfkit's types are a global namespace: only a namespace declaration can add to them.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace PDFKit.Mixins {
    interface PDFFont {
      /** pdfkit 0.20 also takes a font fontkit has parsed (`PDFFontFactory.open`); its types predate that. */
      registerFont(name: string, src: Font): this;
    }
  }
}
