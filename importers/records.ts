// From a row's checked values to the record the service stores: the facts that take more than
// one cell (date ranges, the substance of a declaration, quantities in kg) are worked out here.
import type { ColumnTables, ValuesOf } from './columns.ts';
import { quantityInKg } from './quantity.ts';
import type {
  DeclarationRecord,
  HolderRecord,
  ImportKind,
  LicenceRecord,
  RecordOf,
  RowRejectCode,
  SubstanceLookup,
  TransferRecord,
} from './types.ts';

/** A problem that involves more than one cell; `column` is the one to correct. */
export class RecordProblem {
  constructor(
    /** Canonical name of the column to correct. */
    readonly column: string,
    /** The reject code for the row. */
    readonly code: RowRejectCode,
    /** What is wrong, naming the values; the column name is added by the row reader. */
    readonly message: string,
  ) {}
}

export type RecordBuilder<K extends ImportKind> = (
  values: ValuesOf<ColumnTables[K]>,
  substances: SubstanceLookup,
) => RecordOf[K] | RecordProblem;

function holder(values: ValuesOf<ColumnTables['holders']>): HolderRecord {
  // The table's properties are the record's own, so the values already are the record.
  return values;
}

function licence(values: ValuesOf<ColumnTables['licences']>): LicenceRecord | RecordProblem {
  if (values.validTo < values.validFrom) {
    return new RecordProblem(
      'valid_to',
      'INVALID_DATE_RANGE',
      `the licence ends (${values.validTo}) before it starts (${values.validFrom})`,
    );
  }
  return {
    licenceNo: values.licenceNo,
    holderId: values.holderId,
    substance: values.substance.key,
    activities: values.activities,
    validFrom: values.validFrom,
    validTo: values.validTo,
    annualQuotaKg: values.annualQuotaKg,
    status: values.status,
    siteAddress: values.siteAddress,
  };
}

function declaration(values: ValuesOf<ColumnTables['declarations']>, substances: SubstanceLookup): DeclarationRecord {
  const substance =
    (values.casNumber === null ? undefined : substances.byCas(values.casNumber)) ??
    substances.byHs(values.hsCode) ??
    substances.findInText(values.goodsDescription);
  return {
    declarationNo: values.declarationNo,
    itemNo: values.itemNo,
    declarationDate: values.declarationDate,
    direction: values.direction,
    customsOffice: values.customsOffice,
    importerId: values.importerId,
    importerName: values.importerName,
    counterpartyName: values.counterpartyName,
    counterpartyCountry: values.counterpartyCountry,
    originCountry: values.originCountry,
    dispatchCountry: values.dispatchCountry,
    transitCountries: values.transitCountries,
    hsCode: values.hsCode,
    casNumber: values.casNumber,
    goodsDescription: values.goodsDescription,
    quantity: values.quantity,
    unit: values.unit,
    concentrationPct: values.concentrationPct,
    invoiceValue: values.invoiceValue,
    currency: values.currency,
    transportMode: values.transportMode,
    containerNo: values.containerNo,
    penRef: values.penRef,
    penStatus: values.penStatus,
    licenceNo: values.licenceNo,
    substance: substance?.key ?? null,
    quantityKg: quantityInKg(values.quantity, values.unit, values.concentrationPct, substance?.densityGPerMl ?? null),
  };
}

function transfer(values: ValuesOf<ColumnTables['transfers']>): TransferRecord | RecordProblem {
  const quantityKg = quantityInKg(values.quantity, values.unit, values.concentrationPct, values.substance.densityGPerMl);
  if (quantityKg === null) {
    return new RecordProblem(
      'unit',
      'NO_DENSITY',
      `the catalogue has no density for ${values.substance.name}, so ${values.quantity} ${values.unit} cannot be turned into kg: give the quantity in kg`,
    );
  }
  return {
    transferNo: values.transferNo,
    transferDate: values.transferDate,
    supplierId: values.supplierId,
    recipientId: values.recipientId,
    recipientName: values.recipientName,
    substance: values.substance.key,
    quantity: values.quantity,
    unit: values.unit,
    concentrationPct: values.concentrationPct,
    declarationNo: values.declarationNo,
    purpose: values.purpose,
    paymentMethod: values.paymentMethod,
    quantityKg,
  };
}

export const recordBuilders: { [K in ImportKind]: RecordBuilder<K> } = {
  holders: holder,
  licences: licence,
  declarations: declaration,
  transfers: transfer,
};
