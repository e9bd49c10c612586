import { expect } from 'chai';
import { parseReasonTemplate, renderReason } from '../../rules/reason-template.ts';

describe('renderReason', () => {
  it('fills the placeholders of a reason', () => {
    const reason = renderReason(
      '{importer_name} received {quantity_kg|kg} of {substance_name} on {declaration_date|date} and holds no licence for it',
      { importer_name: 'Test Chem LLP', quantity_kg: 1200, substance_name: 'acetic anhydride', declaration_date: '2025-03-14' },
    );
    expect(reason).to.equal('Test Chem LLP received 1,200 kg of acetic anhydride on 2025-03-14 and holds no licence for it');
  });

  it('writes kilograms with grouping and at most three decimals', () => {
    expect(renderReason('{q|kg}', { q: 1234567.891234 })).to.equal('1,234,567.891 kg');
    expect(renderReason('{q|kg}', { q: 0.5 })).to.equal('0.5 kg');
  });

  it('reads numbers given as text', () => {
    expect(renderReason('{q|kg}', { q: '1200.5' })).to.equal('1,200.5 kg');
  });

  it('writes a percentage with a space before the sign', () => {
    expect(renderReason('{c|pct}', { c: 12.5 })).to.equal('12.5 %');
  });

  it('rounds an int', () => {
    expect(renderReason('{n|int} imports', { n: 2.6 })).to.equal('3 imports');
  });

  it('writes a date as YYYY-MM-DD from a timestamp or a Date', () => {
    expect(renderReason('{d|date}', { d: '2025-03-14T10:00:00Z' })).to.equal('2025-03-14');
    expect(renderReason('{d|date}', { d: new Date(Date.UTC(2025, 2, 14)) })).to.equal('2025-03-14');
  });

  it('joins a list with commas', () => {
    expect(renderReason('via {t|list}', { t: ['AE', 'IR'] })).to.equal('via AE, IR');
    expect(renderReason('via {t|list}', { t: [] })).to.equal('via none');
  });

  it('reads a property path', () => {
    expect(renderReason('{history.count|int} imports from {history.top.country}', { history: { count: 3, top: { country: 'CN' } } })).to.equal(
      '3 imports from CN',
    );
  });

  it('writes "unknown" for a missing value, never "undefined"', () => {
    expect(renderReason('{a} {b|kg} {c|date} {d.e} {f|list}', { b: null, d: 5 })).to.equal('unknown unknown unknown unknown unknown');
  });

  it('writes plain values readably', () => {
    expect(renderReason('{a} {b} {c}', { a: true, b: 1234.5, c: ['x', 'y'] })).to.equal('yes 1,234.5 x, y');
  });

  it('formats numbers for a locale', () => {
    expect(renderReason('{q|kg}', { q: 1200.5 }, 'de-DE')).to.equal('1.200,5 kg');
  });

  it('leaves unreadable placeholders as written', () => {
    expect(renderReason('a {not valid} b }', {})).to.equal('a {not valid} b }');
  });
});

describe('parseReasonTemplate', () => {
  it('splits a template into text and placeholders', () => {
    expect(parseReasonTemplate('got {history.count|int}!')).to.deep.equal({
      parts: ['got ', { text: 'history.count|int', offset: 4, fact: 'history', path: ['count'], formatter: 'int' }, '!'],
      problems: [],
    });
  });

  it('reports an unmatched closing brace', () => {
    expect(parseReasonTemplate('a } b').problems).to.deep.equal([{ offset: 2, message: 'unmatched "}" at character 3' }]);
  });
});
