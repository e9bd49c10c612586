// DejaVu Sans from the dejavu-fonts-ttf package: it covers Russian and the Kazakh letters
// (ә ғ қ ң ө ұ ү һ і), and embedded as TrueType its text extracts as correct Unicode.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ReportFonts {
  regular: Buffer;
  bold: Buffer;
}

let loaded: ReportFonts | undefined;

/** The two font files, read once per process: every report embeds a subset of them. */
export function reportFonts(): ReportFonts {
  if (!loaded) {
    const folder = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    loaded = {
      regular: readFileSync(join(folder, 'DejaVuSans.ttf')),
      bold: readFileSync(join(folder, 'DejaVuSans-Bold.ttf')),
    };
  }
  return loaded;
}
