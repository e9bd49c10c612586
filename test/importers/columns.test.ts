import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { columnsMarkdown } from '../../importers/column-docs.ts';
import { columnsFor } from '../../importers/columns.ts';
import { withColumnsSection } from '../../importers/readme-columns.ts';
import { importKinds } from '../../importers/types.ts';

describe('columnsFor', () => {
  it('lists the declaration columns in canonical order, the starred ones required', () => {
    const columns = columnsFor('declarations');

    expect(columns.map((column) => column.name)).to.deep.equal([
      'declaration_no', 'item_no', 'declaration_date', 'direction', 'customs_office', 'importer_id', 'importer_name',
      'counterparty_name', 'counterparty_country', 'origin_country', 'dispatch_country', 'transit_countries', 'hs_code',
      'cas_number', 'goods_description', 'quantity', 'unit', 'concentration_pct', 'invoice_value', 'currency',
      'transport_mode', 'container_no', 'pen_ref', 'pen_status', 'licence_no',
    ]);
    expect(columns.filter((column) => column.required).map((column) => column.name)).to.deep.equal([
      'declaration_no', 'declaration_date', 'importer_id', 'counterparty_name', 'counterparty_country', 'hs_code',
      'goods_description', 'quantity', 'unit',
    ]);
  });

  it('names the required columns of the other kinds as the brief stars them', () => {
    const required = (kind: (typeof importKinds)[number]) =>
      columnsFor(kind).filter((column) => column.required).map((column) => column.name);

    expect(required('holders')).to.deep.equal(['holder_id', 'name']);
    expect(required('licences')).to.deep.equal(['licence_no', 'holder_id', 'substance', 'activities', 'valid_from', 'valid_to']);
    expect(required('transfers')).to.deep.equal(['transfer_no', 'transfer_date', 'supplier_id', 'substance', 'quantity', 'unit']);
  });

  it('gives every column of every kind a Russian alias', () => {
    for (const kind of importKinds) {
      for (const column of columnsFor(kind)) expect(column.aliases, `${kind}.${column.name}`).to.have.length.above(0);
    }
  });
});

describe('the CSV columns in the README', () => {
  it('are current: `npm run docs:columns` regenerates them from the column definitions', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

    expect(withColumnsSection(readme), 'run npm run docs:columns').to.equal(readme);
  });

  it('list every column of every kind with a type and an example', () => {
    for (const kind of importKinds) {
      const markdown = columnsMarkdown();
      for (const column of columnsFor(kind)) {
        expect(markdown).to.contain(`| \`${column.name}\` |`);
        expect(column.type, `${kind}.${column.name}`).to.not.equal('');
        expect(column.example, `${kind}.${column.name}`).to.not.equal('');
      }
    }
  });
});
