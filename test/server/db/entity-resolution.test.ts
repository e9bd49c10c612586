import { expect } from 'chai';
import {
  addressKey,
  contactKeysOf,
  emailKeys,
  nameKey,
  personNameKey,
  phoneKeys,
} from '../../../server/db/facts/contact-keys.ts';
import { watchListHits } from '../../../server/db/facts/declaration-checks.ts';

describe('entity resolution', () => {
  describe('contact keys', () => {
    it('writes phones in E.164, Kazakhstan by default, each number of a cell', () => {
      expect(phoneKeys('+7 (727) 555-12-34')).to.deep.equal(['+77275551234']);
      expect(phoneKeys('8 727 555 1234')).to.deep.equal(['+77275551234']);
      expect(phoneKeys('701 123 45 67, +49 30 1234567')).to.deep.equal(['+77011234567', '+49301234567']);
    });

    it('folds e-mail case and plus-tags', () => {
      expect(emailKeys(' Office+tenders@Example.KZ ')).to.deep.equal(['office@example.kz']);
    });

    it('folds address spellings and keeps the office as a part', () => {
      const key = addressKey('г. Алматы, ул. Абая, д. 5, офис 12');
      expect(addressKey('Алматы улица Абая 5 оф. 12')).to.equal(key);
      expect(addressKey('050000, Republic of Kazakhstan, Almaty, ul. Abaya 5, office 12')).to.equal(key);
      expect(addressKey('г. Алматы, ул. Абая, д. 5, офис 14')).not.to.equal(key);
    });

    it('reads a director as surname and initials, whatever the order and script', () => {
      expect(personNameKey('Иванов Иван Олегович')).to.equal('ivanov i o');
      expect(personNameKey('Иванов И.О.')).to.equal('ivanov i o');
      expect(personNameKey('I. O. Ivanov')).to.equal('ivanov i o');
    });

    it('gives a holder its keys by kind, a director IIN of 12 digits, and no key for a stray digit', () => {
      const keys = contactKeysOf({ address: null, phone: '0', email: null, director: 'Иванов И.О.', directorIin: '850101 300123' });
      expect(keys).to.deep.equal(['director:ivanov i o', 'director_iin:850101300123']);
    });
  });

  describe('name keys', () => {
    it('sets legal forms apart and transliterates', () => {
      expect(nameKey('ТОО «Восток Снаб»')).to.deep.equal({ key: 'vostok snab', legalForms: ['тоо'] });
      expect(nameKey('Vostok Snab LLP')).to.deep.equal({ key: 'vostok snab', legalForms: ['llp'] });
      expect(nameKey('Химпром').key).to.equal(nameKey('Khimprom').key);
    });
  });

  describe('watch list', () => {
    const watchList = [{ kind: 'name' as const, value: 'Evil Corp LLP' }];
    const hits = (name: string) => watchListHits(watchList, { holderIds: [], names: [name], containerNos: [] });

    it('catches a zero-width space', () => {
      expect(hits('Ev\u200Bil Corp')).to.deep.equal(['Evil Corp LLP']);
    });

    it('catches a Cyrillic letter in place of a Latin one (homoglyph)', () => {
      expect(hits('\u0415vil Corp')).to.deep.equal(['Evil Corp LLP']);
      expect(hits('Evil C\u043Erp')).to.deep.equal(['Evil Corp LLP']);
    });

    it('catches the name transliterated, with another legal form', () => {
      expect(hits('ТОО «Эвил Корп»')).to.deep.equal(['Evil Corp LLP']);
    });

    it('catches a right-to-left override', () => {
      expect(hits('\u202Eproc livE')).to.deep.equal(['Evil Corp LLP']);
      expect(hits('Evil \u202E\u202CCorp')).to.deep.equal(['Evil Corp LLP']);
    });

    it('catches full-width letters and still tells other names apart', () => {
      expect(hits('Ｅｖｉｌ Ｃｏｒｐ')).to.deep.equal(['Evil Corp LLP']);
      expect(hits('Evil Corporation')).to.deep.equal([]);
      expect(hits('Devil Corp')).to.deep.equal([]);
    });
  });
});
