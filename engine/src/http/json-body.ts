import type { FastifyInstance } from 'fastify';
import { AppError, jsonDepthExceeds } from '../kernel/index.ts';

export const MAX_JSON_DEPTH = 64;

/** JSON bodies: parsed once, refused with a clear code when malformed or nested beyond MAX_JSON_DEPTH. */
export function registerJsonParser(app: FastifyInstance): void {
  // Only JSON is read: Fastify's built-in text/plain parser would hand routes a string body.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(new AppError('invalid_json', 'The body is empty; send a JSON value'), undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(new AppError('invalid_json', 'The body is not valid JSON'), undefined);
    }
    if (jsonDepthExceeds(value, MAX_JSON_DEPTH)) return done(new AppError('json_too_deep', `JSON may be nested at most ${MAX_JSON_DEPTH} levels`), undefined);
    done(null, value);
  });
}
