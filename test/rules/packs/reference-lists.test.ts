import { expect } from 'chai';
import { loadDefaultReferenceLists, referenceListIds, validateReferenceList, type ReferenceListError } from '../../../rules/reference-lists.ts';

function errorsOf(id: string, document: unknown): ReferenceListError[] {
  const errors = validateReferenceList(id, document);
  if (errors.length === 0) throw new Error('expected the list to be rejected');
  return errors;
}

const aHeader = (id: string) => ({ id, version: 1, description: 'For tests.', source: 'Test case' });

describe('reference lists', () => {
  describe('the defaults', () => {
    it('load, one per list id, each valid', () => {
      const lists = loadDefaultReferenceLists();
      expect(Object.keys(lists).sort()).to.deep.equal([...referenceListIds].sort());
      for (const id of referenceListIds) {
        expect(validateReferenceList(id, lists[id]), id).to.deep.equal([]);
        expect(lists[id]).to.include({ id, version: 1 });
      }
    });

    it('ship empty, so that no policy is invented for the centre', () => {
      const lists = loadDefaultReferenceLists();
      expect(lists['high-risk-countries'].countries).to.deep.equal([]);
      expect(lists['annual-estimates'].estimates_kg).to.deep.equal({});
      expect(lists['watch-list'].entries).to.deep.equal([]);
    });
  });

  describe('validateReferenceList', () => {
    it('accepts filled lists', () => {
      expect(validateReferenceList('high-risk-countries', { ...aHeader('high-risk-countries'), countries: ['AF', 'MM'] })).to.deep.equal([]);
      expect(validateReferenceList('annual-estimates', { ...aHeader('annual-estimates'), estimates_kg: { ephedrine: 1200, '4-ap': 0.5 } })).to.deep.equal([]);
      const entry = { kind: 'container_no', value: 'MSKU3459526', reason: 'Seized P-2-P, 2024', source: 'PICS 2024-118' };
      expect(validateReferenceList('watch-list', { ...aHeader('watch-list'), entries: [entry] })).to.deep.equal([]);
    });

    it('accepts a list sent without a version, which the store assigns', () => {
      const unversioned: Record<string, unknown> = { ...aHeader('high-risk-countries'), countries: ['AF'] };
      delete unversioned['version'];
      expect(validateReferenceList('high-risk-countries', unversioned)).to.deep.equal([]);
    });

    it('refuses a country that is not an upper-case alpha-2 code, and a repeated one', () => {
      const errors = errorsOf('high-risk-countries', { ...aHeader('high-risk-countries'), countries: ['de', 'TR', 'TR'] });
      expect(errors.map((error) => [error.path, error.code])).to.deep.equal([
        ['/countries/0', 'INVALID_VALUE'],
        ['/countries', 'DUPLICATE_ITEM'],
      ]);
    });

    it('refuses an estimate that is not a positive number or not keyed by a catalogue key', () => {
      const errors = errorsOf('annual-estimates', { ...aHeader('annual-estimates'), estimates_kg: { Ephedrine: 5, p2p: 0, pmk: 'lots' } });
      expect(errors.map((error) => [error.path, error.code])).to.deep.equal([
        ['/estimates_kg/Ephedrine', 'INVALID_VALUE'],
        ['/estimates_kg/p2p', 'OUT_OF_RANGE'],
        ['/estimates_kg/pmk', 'WRONG_TYPE'],
      ]);
    });

    it('refuses a watch-list entry of an unknown kind or without its reason and source', () => {
      const errors = errorsOf('watch-list', { ...aHeader('watch-list'), entries: [{ kind: 'phone', value: '+7 701 000 0000' }] });
      expect(errors.map((error) => [error.path, error.code])).to.have.deep.members([
        ['/entries/0/reason', 'MISSING_PROPERTY'],
        ['/entries/0/source', 'MISSING_PROPERTY'],
        ['/entries/0/kind', 'INVALID_VALUE'],
      ]);
    });

    it('refuses a document of another list, a bad version and unknown properties', () => {
      const errors = errorsOf('watch-list', { ...aHeader('high-risk-countries'), version: 0, entries: [], countries: [] });
      expect(errors.map((error) => [error.path, error.code])).to.have.deep.members([
        ['/id', 'INVALID_VALUE'],
        ['/version', 'OUT_OF_RANGE'],
        ['/countries', 'UNKNOWN_PROPERTY'],
      ]);
    });

    it('refuses an unknown list', () => {
      expect(errorsOf('sanctions', {})).to.deep.equal([
        { path: '', code: 'UNKNOWN_LIST', message: 'unknown reference list "sanctions"; lists are high-risk-countries, annual-estimates, watch-list, currency-rates' },
      ]);
    });
  });
});
