import type { FieldType } from './field-type.ts';
import { createFieldTypeRegistry, type FieldTypeRegistry } from './registry.ts';
import { textType } from './text.ts';
import { longTextType } from './long-text.ts';
import { richTextType } from './rich-text.ts';
import { emailType } from './email.ts';
import { phoneType } from './phone.ts';
import { urlType } from './url.ts';
import { integerType } from './integer.ts';
import { decimalType } from './decimal.ts';
import { currencyType } from './currency.ts';
import { percentType } from './percent.ts';
import { booleanType } from './boolean.ts';
import { dateType } from './date.ts';
import { datetimeType } from './datetime.ts';
import { picklistType } from './picklist.ts';
import { multiPicklistType } from './multi-picklist.ts';
import { lookupType } from './lookup.ts';
import { userType } from './user.ts';
import { autonumberType } from './autonumber.ts';
import { jsonType } from './json.ts';
import { formulaType } from './formula.ts';
import { rollupType } from './rollup.ts';

/** The types every tenant has, in the order the designer offers them. */
export const builtinFieldTypes: readonly FieldType[] = [
  textType,
  longTextType,
  richTextType,
  emailType,
  phoneType,
  urlType,
  integerType,
  decimalType,
  currencyType,
  percentType,
  booleanType,
  dateType,
  datetimeType,
  picklistType,
  multiPicklistType,
  lookupType,
  userType,
  autonumberType,
  jsonType,
  formulaType,
  rollupType,
];

/** A new registry holding the built-in types; plugins register theirs into it afterwards. */
export function createBuiltinRegistry(): FieldTypeRegistry {
  return createFieldTypeRegistry([...builtinFieldTypes]);
}
