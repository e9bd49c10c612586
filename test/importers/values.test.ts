import { expect } from 'chai';
import { quantityInKg } from '../../importers/quantity.ts';
import * as read from '../../importers/values.ts';
import { InvalidValue, parseDecimal, type ReadContext } from '../../importers/values.ts';
import { substances } from './csv-factories.ts';

const context: ReadContext = { substances };

function codeOf(value: unknown): string | undefined {
  return value instanceof InvalidValue ? value.code : undefined;
}

describe('cell readers', () => {
  describe('parseDecimal', () => {
    const readable: [string, number][] = [
      ['1234.5', 1234.5],
      ['1234,5', 1234.5],
      ['1 234,5', 1234.5],
      ['18\u00A0462,098', 18462.098],
      ['1\u202F234\u202F567', 1234567],
      ['1 234.5', 1234.5],
      ['1,234.5', 1234.5],
      ['1,234,567.25', 1234567.25],
      ['1.234,5', 1234.5],
      ['1,234', 1.234],
      ['-7', -7],
      ['0', 0],
    ];
    for (const [text, value] of readable) {
      it(`reads ${JSON.stringify(text)} as ${value}`, () => {
        expect(parseDecimal(text)).to.equal(value);
      });
    }

    for (const text of ['12a', '1,234,567', '1 23', '1..2', ',5', '1e5', 'NaN', '١٢٣']) {
      it(`refuses ${JSON.stringify(text)}`, () => {
        expect(parseDecimal(text)).to.equal(undefined);
      });
    }
  });

  describe('isoDate', () => {
    it('reads both date forms into ISO', () => {
      expect(read.isoDate('2025-01-31', context)).to.equal('2025-01-31');
      expect(read.isoDate('31.01.2025', context)).to.equal('2025-01-31');
      expect(read.isoDate('1.2.2025', context)).to.equal('2025-02-01');
      expect(read.isoDate('01.01.2025 0:00:00', context)).to.equal('2025-01-01');
    });

    it('knows leap years', () => {
      expect(read.isoDate('29.02.2024', context)).to.equal('2024-02-29');
      expect(codeOf(read.isoDate('29.02.2025', context))).to.equal('INVALID_DATE');
      expect(codeOf(read.isoDate('2100-02-29', context))).to.equal('INVALID_DATE');
    });

    it('refuses other forms and impossible days', () => {
      for (const text of ['2025/01/31', '31-01-2025', '2025-1-31', '31.04.2025', '00.01.2025', '01.01.1066']) {
        expect(codeOf(read.isoDate(text, context)), text).to.equal('INVALID_DATE');
      }
    });
  });

  describe('closed lists', () => {
    it('reads units in English and Russian, any case, with a trailing dot', () => {
      const units = ['kg', 'КГ', 'кг.', 'g', 'г', 't', 'Т', 'l', 'л.', 'ml', 'мл'].map((text) => read.unit(text, context));

      expect(units).to.deep.equal(['kg', 'kg', 'kg', 'g', 'g', 't', 't', 'l', 'l', 'ml', 'ml']);
    });

    it('reads customs directions and their 1C codes', () => {
      const directions = ['ИМ', 'эк', 'ТТ', 'Импорт', 'export', 'transit'].map((text) => read.direction(text, context));

      expect(directions).to.deep.equal(['import', 'export', 'transit', 'import', 'export', 'transit']);
    });

    it('reads payment methods, keeping any other way of paying as other', () => {
      const methods = ['Безнал', 'bank', 'наличные', 'CASH', 'бартер'].map((text) => read.paymentMethod(text, context));

      expect(methods).to.deep.equal(['bank', 'bank', 'cash', 'cash', 'other']);
    });

    it('reads holder statuses in Russian', () => {
      const statuses = ['Действующий', 'приостановлен', 'отозван', 'ликвидирован'].map((text) => read.holderStatus(text, context));

      expect(statuses).to.deep.equal(['active', 'suspended', 'revoked', 'liquidated']);
    });

    it('reads licence activities once each, in English or Russian', () => {
      expect(read.licenceActivities('импорт| хранение |import|реализация', context)).to.deep.equal(['import', 'storage', 'sale']);
      expect(codeOf(read.licenceActivities('|', context))).to.equal('INVALID_ACTIVITY');
    });
  });

  describe('codes', () => {
    it('upper-cases countries and reads transit routes', () => {
      expect(read.country('de', context)).to.equal('DE');
      expect(read.countryList('tr| GE ', context)).to.deep.equal(['TR', 'GE']);
    });

    it('keeps only the digits of an HS code', () => {
      expect(read.hsCode('2915.24.000 0', context)).to.equal('2915240000');
      expect(codeOf(read.hsCode('29152400001', context))).to.equal('INVALID_HS_CODE');
    });

    it('checks the CAS check digit', () => {
      expect(read.casNumber('7647-01-0', context)).to.equal('7647-01-0');
      expect(read.casNumber('80532-66-7', context)).to.equal('80532-66-7');
      expect(codeOf(read.casNumber('7647-01-1', context))).to.equal('INVALID_CAS');
      expect(codeOf(read.casNumber('1-01-0', context))).to.equal('INVALID_CAS');
    });

    it('reads a whole item number of 1 or more', () => {
      expect(read.positiveInteger('12', context)).to.equal(12);
      expect(codeOf(read.positiveInteger('0', context))).to.equal('INVALID_NUMBER');
    });

    it('accepts a percent sign after a concentration', () => {
      expect(read.concentration('37 %', context)).to.equal(37);
    });
  });

  describe('quantityInKg', () => {
    it('converts mass units', () => {
      expect(quantityInKg(2, 'kg', null, null)).to.equal(2);
      expect(quantityInKg(2500, 'g', null, null)).to.equal(2.5);
      expect(quantityInKg(1.5, 't', null, null)).to.equal(1500);
    });

    it('converts volumes through the density and applies the concentration', () => {
      expect(quantityInKg(10, 'l', null, 0.791)).to.equal(7.91);
      expect(quantityInKg(500, 'ml', 50, 1.082)).to.equal(0.2705);
    });

    it('answers null for a volume of unknown density', () => {
      expect(quantityInKg(10, 'l', null, null)).to.equal(null);
    });

    it('rounds to a milligram', () => {
      expect(quantityInKg(0.1, 'kg', 30, null)).to.equal(0.03);
      expect(quantityInKg(1, 'g', 33.3333333, null)).to.equal(0.000333);
    });
  });
});
