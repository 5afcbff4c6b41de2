export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON Schema document, kept loose on purpose: ajv checks it when compiled. */
export type JsonSchema = { [key: string]: unknown };

/** Who makes a request, and in which tenant. The tenant always comes from the credential. */
export interface Actor {
  tenant: TenantRef;
  userId: string;
  email: string;
  isAdmin: boolean;
}

export interface TenantRef {
  id: string;
  slug: string;
  schema: string;
}
