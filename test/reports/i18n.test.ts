import { expect } from 'chai';
import { describeRoute, formatDate, formatDateTime, formatNumber, reportStrings, words } from '../../reports/i18n.ts';

describe('report i18n', () => {
  it('groups Russian thousands with a no-break space and uses a decimal comma', () => {
    expect(formatNumber('ru', 1234567.5)).to.equal('1\u00a0234\u00a0567,5');
    expect(reportStrings('ru').kg(1200)).to.equal('1\u00a0200\u00a0кг');
  });

  it('groups English thousands with a comma and uses a decimal point', () => {
    expect(formatNumber('en', 1234567.5)).to.equal('1,234,567.5');
    expect(reportStrings('en').kg(0.125)).to.equal('0.125 kg');
  });

  it('writes dates as YYYY-MM-DD in both languages', () => {
    expect(formatDate(new Date('2025-03-04T23:59:00Z'))).to.equal('2025-03-04');
    expect(formatDate('2025-03-04')).to.equal('2025-03-04');
    expect(formatDateTime(new Date('2025-03-04T07:05:00Z'))).to.equal('2025-03-04 07:05 UTC');
  });

  it('numbers pages in each language', () => {
    expect(reportStrings('ru').page(2, 7)).to.equal('стр. 2 из 7');
    expect(reportStrings('en').page(2, 7)).to.equal('page 2 of 7');
  });

  it('has the same labels in both languages', () => {
    const keys = (value: unknown, prefix = ''): string[] =>
      value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => keys(inner, `${prefix}${key}.`)) : [prefix];

    expect(keys(reportStrings('en'))).to.deep.equal(keys(reportStrings('ru')));
  });

  it('puts a stored code in words, or prints it as it is when it has none', () => {
    const strings = reportStrings('ru');

    expect(words(strings.licenceState, 'not_yet_valid')).to.equal('ещё не вступила в силу');
    expect(words(strings.licenceState, 'something_new')).to.equal('something_new');
    expect(words(strings.licenceState, null)).to.equal('—');
  });

  it('describes the route from origin through transit', () => {
    expect(describeRoute(reportStrings('en'), { originCountry: 'CN', dispatchCountry: null, transitCountries: ['IR'] })).to.equal('origin CN; transit IR');
    expect(describeRoute(reportStrings('en'), { originCountry: null, dispatchCountry: null, transitCountries: [] })).to.equal('—');
  });
});
