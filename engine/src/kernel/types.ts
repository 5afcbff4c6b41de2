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
  /** The user's language and IANA time zone, when the credential carried them (rules and messages use them). */
  locale?: string;
  timeZone?: string;
}

export interface TenantRef {
  id: string;
  slug: string;
  schema: string;
}
