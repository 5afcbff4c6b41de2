import type { TestEngine } from '../support/engine.ts';
import { createObject } from '../support/record-helpers.ts';

export const v = (name: string) => ({ var: name });

/** subtotal = quantity × unit_price × (1 − discount / 100), two places. */
export const SUBTOTAL = { '*': [v('quantity'), v('unit_price'), { '-': [1, { '/': [v('discount'), 100] }] }] };

/**
 * A customer with a level formula, and an order line reading it through its lookup, with formulas over
 * numbers, text, dates, date-times, booleans and other formulas.
 */
export async function createFormulaWorld(t: TestEngine): Promise<void> {
  await createObject(t, {
    api_name: 'customer',
    label: { en: 'Customer' },
    fields: [
      { api_name: 'credit', type: 'decimal', precision: 12, scale: 2 },
      { api_name: 'level', type: 'formula', label: { en: 'Level' }, return_type: 'text', expression: { if: [{ '>=': [v('credit'), 1000] }, 'gold', 'silver'] } },
    ],
  });
  await createObject(t, {
    api_name: 'order_line',
    label: { en: 'Order line' },
    fields: [
      { api_name: 'code', type: 'text' },
      { api_name: 'quantity', type: 'integer' },
      { api_name: 'unit_price', type: 'decimal', precision: 12, scale: 2 },
      { api_name: 'discount', type: 'percent' },
      { api_name: 'close_date', type: 'date' },
      { api_name: 'customer', type: 'lookup', target: 'customer', on_delete: 'set_null' },
      { api_name: 'subtotal', type: 'formula', label: { en: 'Subtotal' }, return_type: 'number', scale: 2, expression: SUBTOTAL },
      { api_name: 'title', type: 'formula', label: { en: 'Title' }, return_type: 'text', expression: { cat: [v('name'), ' (', v('code'), ')'] } },
      { api_name: 'days_left', type: 'formula', label: { en: 'Days left' }, return_type: 'number', scale: 0, expression: { date_diff: [{ today: [] }, v('close_date'), 'day'] } },
      { api_name: 'follow_up', type: 'formula', label: { en: 'Follow-up' }, return_type: 'date', expression: { date_add: [v('close_date'), 7, 'day'] } },
      { api_name: 'call_at', type: 'formula', label: { en: 'Call at' }, return_type: 'datetime', expression: { date_add: [v('created_at'), 2, 'hour'] } },
      { api_name: 'big', type: 'formula', label: { en: 'Big' }, return_type: 'boolean', expression: { if: [{ and: [{ '>': [v('subtotal'), 500] }, { '!': [{ is_empty: [v('customer')] }] }] }, true, false] } },
      { api_name: 'with_tax', type: 'formula', label: { en: 'With tax' }, return_type: 'number', scale: 2, expression: { '*': [v('subtotal'), 1.1] } },
      { api_name: 'summary', type: 'formula', label: { en: 'Summary' }, return_type: 'text', expression: { cat: [v('quantity'), ' × ', v('unit_price'), ' − ', v('discount'), '% = ', v('subtotal'), ' ', { upper: [v('customer.level')] }] } },
      { api_name: 'customer_level', type: 'formula', label: { en: 'Customer level' }, return_type: 'text', expression: v('customer.level') },
    ],
  });
}
