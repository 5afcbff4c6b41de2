import { AppError } from '../kernel/index.ts';
import { applyChange, withObject, type MetadataChange, type ObjectDef, type TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import type { OperatorRegistry } from '../logic/index.ts';
import { diffObject, type PlanCheck } from './diff.ts';
import { describeOperation, toSql, type Operation } from './operations.ts';
import { validateObject } from './validate-object.ts';
import { rollupRecomputes } from './rollup-plan.ts';

/** A metadata change made ready to apply: the definitions, the operations, their SQL and the checks. */
export interface MigrationPlan {
  change: MetadataChange;
  object: string;
  before: ObjectDef | null;
  after: ObjectDef;
  operations: Array<Operation & { description: string; sql: string }>;
  checks: PlanCheck[];
}

const PHASE: Record<Operation['op'], number> = {
  create_table: 0,
  add_column: 1,
  drop_foreign_key: 2,
  drop_unique: 2,
  drop_index: 2,
  drop_search_column: 2,
  alter_column_type: 3,
  add_unique: 4,
  create_index: 4,
  add_search_column: 4,
  add_foreign_key: 5,
  create_search_index: 5,
  recompute_rollup: 6,
};

/** Tables and columns first, then conversions, then the constraints that rely on them, then data (roll-ups). */
export function orderOperations(operations: Operation[]): Operation[] {
  return operations
    .map((operation, index) => ({ operation, index }))
    .sort((a, b) => PHASE[a.operation.op] - PHASE[b.operation.op] || a.index - b.index)
    .map((entry) => entry.operation);
}

/** Pure: metadata + change → plan. Throws the change's validation errors. Nothing touches the database. */
export function planChange(schema: string, metadata: TenantMetadata, change: MetadataChange, registry: FieldTypeRegistry, operators: OperatorRegistry): MigrationPlan {
  const { before, after } = applyChange(metadata, change);
  if (before && before.api_name !== after.api_name) throw new AppError('immutable_property', 'An object API name cannot change', { errors: [{ field: 'api_name', message: 'is immutable' }] });
  if (change.kind === 'update_field' && before) {
    const old = before.fields.find((f) => f.api_name === change.field);
    if (old?.archived && change.patch.archived !== false) {
      throw new AppError('invalid_metadata', 'An archived field must be restored (archived: false) before it can be changed', { errors: [{ field: 'archived', message: 'the field is archived' }] });
    }
  }
  validateObject(after, metadata, registry, operators);
  const diff = diffObject(schema, before, after, registry);
  diff.operations.push(...rollupRecomputes(schema, metadata, withObject(metadata, after), registry, operators));
  return {
    change,
    object: after.api_name,
    before,
    after,
    operations: orderOperations(diff.operations).map((operation) => ({ ...operation, description: describeOperation(operation), sql: toSql(operation, schema) })),
    checks: diff.checks,
  };
}
