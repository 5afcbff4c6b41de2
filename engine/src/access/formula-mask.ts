import type { ObjectDef, TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { formulaReads, type FieldRef, type OperatorRegistry } from '../logic/index.ts';
import type { RecordAccess } from './record-access.ts';

/** What the formula rule needs of the compiled model. */
export interface FormulaMaskModel {
  metadata: TenantMetadata;
  registry: FieldTypeRegistry;
  operators: OperatorRegistry;
}

/**
 * Field-level security for formulas: a formula is readable only when the actor may read the formula
 * field itself AND every field its value is made of — on its own object, each lookup it follows, the
 * fields it reads on the looked-up objects (which the actor must be allowed to read at all), and the same
 * for every formula it reads in turn. A formula over a hidden field would otherwise tell that field's
 * value (`{"var": "margin"}` as a formula is the margin). The rule only ever hides; administrators are
 * never masked. `load` gives the actor's access to another object.
 */
export async function withFormulaMask(access: RecordAccess, def: ObjectDef, model: FormulaMaskModel, load: (def: ObjectDef) => Promise<RecordAccess>): Promise<RecordAccess> {
  if (access.admin) return access;
  const formulas = def.fields.filter((f) => !f.archived && model.registry.get(f.type)?.computed && access.fields.readable.has(f.api_name));
  if (formulas.length === 0) return access;
  const others = new Map<string, RecordAccess>();
  const readable = async (ref: FieldRef): Promise<boolean> => {
    if (ref.object === def.api_name) return access.fields.readable.has(ref.field);
    let other = others.get(ref.object);
    if (!other) {
      const target = model.metadata.objects.find((o) => o.api_name === ref.object);
      if (!target) return false;
      other = await load(target);
      others.set(ref.object, other);
    }
    return other.permissions.canRead && other.fields.readable.has(ref.field);
  };
  const hidden = new Set<string>();
  for (const formula of formulas) {
    for (const ref of formulaReads(model.metadata, model.registry, def.api_name, formula.api_name, model.operators)) {
      if (!(await readable(ref))) {
        hidden.add(formula.api_name);
        break;
      }
    }
  }
  if (hidden.size === 0) return access;
  const keep = (set: ReadonlySet<string>) => new Set([...set].filter((name) => !hidden.has(name)));
  return { ...access, fields: { ...access.fields, readable: keep(access.fields.readable), editable: keep(access.fields.editable) } };
}
