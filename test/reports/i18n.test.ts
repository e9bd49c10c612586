import { expect } from 'chai';
import { describeRoute, formatDate, formatDateTime, formatNumber, reportStrings, words } from '../../reports/i18n.ts';

describe('report i18n', () => {
  it('groups Russian thousands with a no-break space and uses a decimal comma', () => {
    expect(formatNumber('ru', 1234567.5)).to.equal('1\u00a0234\u00a0567,5');
    expect(reportStrings('ru').kg(1200)).to.equal('1\u00a0200\u00a0кг');
  });

  it('groups English thousands with a comma and uses a decimal point', () => {
    expect(formatNumber('en', 1234567.5)).to.equal('1,234,567.5');
    expect(reportStrings('en').kg(0.125)).to.equal('0.125\u00a0kg');
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

  it('writes Kazakh numbers, quantities and dates by the kk-KZ locale', () => {
    const strings = reportStrings('kk');

    expect(strings.kg(4014.396)).to.equal('4\u00a0014,396\u00a0кг');
    expect(strings.quantity(3, 'l')).to.equal('3\u00a0л');
    expect(strings.date('2025-06-14')).to.equal('14.06.2025');
    expect(strings.page(2, 7)).to.equal('7 беттің 2-беті');
  });

  it('writes dates in each reader\'s form', () => {
    expect(reportStrings('ru').date('2025-06-14')).to.equal('14.06.2025');
    expect(reportStrings('en').date('2025-06-14')).to.equal('14 Jun 2025');
    expect(reportStrings('ru').dateTime(new Date('2025-03-04T07:05:00Z'))).to.equal('04.03.2025 07:05 UTC');
  });

  it('describes a condition in words, as an inspector reads it', () => {
    const strings = reportStrings('ru');

    expect(strings.findings.condition('in', 'отсутствует, отозвана')).to.equal('отсутствует, отозвана');
    expect(strings.findings.condition('greaterThanInclusive', '1')).to.equal('не менее 1');
    expect(reportStrings('kk').findings.condition('greaterThanInclusive', '1')).to.equal('кемінде 1');
  });

  it('has the same labels in every language', () => {
    const keys = (value: unknown, prefix = ''): string[] =>
      value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => keys(inner, `${prefix}${key}.`)) : [prefix];

    expect(keys(reportStrings('kk'))).to.deep.equal(keys(reportStrings('ru')));
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
