import { once } from 'node:events';
import { expect } from 'chai';
import { countPages, renderPdf, type ReportDrawing } from '../../reports/render-pdf.ts';
import { renderConsignmentReport, renderEmptyPage } from '../../reports/render-reports.ts';
import { aConsignmentReportModel, aFlow } from './report-factories.ts';
import { readPdf } from './read-pdf.ts';

function aDrawing(pages: number, overrides: Partial<ReportDrawing> = {}): ReportDrawing {
  return {
    title: 'Test',
    centreName: 'Центр',
    reportNo: 'R-1',
    generatedAt: new Date('2025-01-01T00:00:00Z'),
    *draw(canvas) {
      for (let page = 1; page <= pages; page += 1) {
        if (page > 1) canvas.newPage();
        canvas.paragraph(`Страница ${page}`);
        yield;
      }
    },
    ...overrides,
  };
}

describe('renderPdf', () => {
  it('counts the pages a drawing takes', () => {
    expect(countPages(aDrawing(3), 'ru')).to.equal(3);
  });

  it('numbers each page against the total of the counting pass', async () => {
    const pdf = await readPdf(renderPdf(aDrawing(3), 'en'));

    expect(pdf.pageCount).to.equal(3);
    expect(pdf.pages[2]).to.include('page 3 of 3');
  });

  it('throws when the stream is made if the drawing fails, before any byte is sent', () => {
    const failing = aDrawing(1, {
      // eslint-disable-next-line require-yield -- a drawing that fails before its first step
      *draw() {
        throw new Error('bad model');
      },
    });

    expect(() => renderPdf(failing, 'ru')).to.throw('bad model');
  });

  it('draws only as far ahead as the reader asks', async () => {
    const stream = renderConsignmentReport(aConsignmentReportModel({ flow: aFlow(50) }));
    expect(stream.readableLength).to.equal(0);

    await once(stream, 'readable');
    const early = stream.readableLength;
    const { bytes } = await readPdf(stream);

    expect(early).to.be.greaterThan(0);
    expect(early).to.be.lessThan(bytes.length / 2);
  });

  it('stops drawing when the reader goes away', async () => {
    let stepsDrawn = 0;
    const stream = renderPdf(
      aDrawing(1, {
        *draw(canvas) {
          for (let page = 1; page <= 40; page += 1) {
            if (page > 1) canvas.newPage();
            canvas.paragraph(Array.from({ length: 400 }, (_, index) => (index * 7919 + page) % 100003).join(' '));
            stepsDrawn += 1;
            yield;
          }
        },
      }),
      'ru',
    );
    const counted = stepsDrawn;
    await once(stream, 'readable');
    stream.destroy();
    await once(stream, 'close');

    expect(stepsDrawn - counted).to.be.lessThan(20);
  });

  it('makes a one-page PDF with the report font for the empty page', async () => {
    const pdf = await readPdf(renderEmptyPage('en'));

    expect(pdf.pageCount).to.equal(1);
    expect(pdf.text).to.include('page 1 of 1');
    expect(pdf.bytes.includes('/FontFile2')).to.equal(true);
  });
});
