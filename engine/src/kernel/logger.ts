/** The logging port: Fastify's pino logger satisfies it, and so does `consoleLogger`. */
export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

export const consoleLogger: Logger = {
  info: (obj, msg) => console.log(msg ?? obj),
  warn: (obj, msg) => console.warn(msg ?? obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
  debug: () => {},
};
