import type { FieldDef, LocalizedText } from '../metadata/index.ts';
import type { FieldType, GoodSample } from './field-type.ts';
import { blankToNull } from './empty.ts';
import { textCasts } from './cast-rules.ts';

/** What differs between the plain text types (text, long text): everything else is shared here. */
export interface PlainTextSpec {
  name: string;
  label: LocalizedText;
  defaultMax: number;
  maxLimit: number;
  indexable: boolean;
  searchable: boolean;
  samples: { field?: Partial<FieldDef>; good: GoodSample[]; bad: unknown[] };
}

/** A text column whose blank values are stored as no value, limited to max_length characters. */
export function plainTextType(spec: PlainTextSpec): FieldType {
  const maxOf = (field: FieldDef) => field.max_length ?? spec.defaultMax;
  // Every source is checked against max_length: a shorter limit than the source's must report rows, not truncate them.
  const { tooLong, numberAsText } = textCasts(maxOf);
  return {
    name: spec.name,
    label: spec.label,
    settings: { max_length: { type: 'integer', minimum: 1, maximum: spec.maxLimit } },
    supportsUnique: spec.indexable,
    supportsIndex: spec.indexable,
    searchable: spec.searchable,
    columns: (field) => [{ name: field.api_name, sqlType: 'text' }],
    valueSchema: (field) => ({ type: 'string', maxLength: maxOf(field) }),
    toColumns: (value, field) => ({ [field.api_name]: blankToNull(value) ?? null }),
    fromColumns: (row, field) => row[field.api_name] ?? null,
    sortColumn: (field) => field.api_name,
    castFrom: {
      text: tooLong,
      long_text: tooLong,
      email: tooLong,
      phone: tooLong,
      url: tooLong,
      picklist: tooLong,
      autonumber: tooLong,
      integer: numberAsText,
      decimal: numberAsText,
    },
    samples: spec.samples,
  };
}
