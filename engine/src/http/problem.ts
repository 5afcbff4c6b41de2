import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AppError, isAppError } from '../kernel/index.ts';

export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  // A refusal that ends by itself (a login lockout) says when, in the body and as HTTP's Retry-After.
  if (typeof error.extra.retry_after === 'number') reply.header('retry-after', String(error.extra.retry_after));
  return reply.status(error.status).type('application/problem+json').send(error.toProblem());
}

/** Maps Fastify's own errors (body limit, bad JSON, schema validation) to catalogue codes. */
function fromFastify(err: FastifyError): AppError | undefined {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large', 'The request body exceeds the 1 MB limit');
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type', 'Send JSON with Content-Type: application/json');
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new AppError('invalid_json', 'The body is empty; send a JSON object');
  if (err.validation) {
    const errors = err.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      // A missing or unknown property is named in full (`object_rights.deal.approve`), not by its parent.
      const child = v.params?.missingProperty ?? v.params?.additionalProperty;
      const field = child === undefined ? path || String(err.validationContext ?? 'body') : path ? `${path}.${String(child)}` : String(child);
      return { field, message: v.message ?? 'is not valid' };
    });
    return new AppError(err.validationContext === 'body' ? 'validation_failed' : 'invalid_parameter', `The request ${err.validationContext ?? 'input'} is not valid`, { errors });
  }
  if (err.statusCode === 400 && err instanceof SyntaxError) return new AppError('invalid_json', 'The body is not valid JSON');
  return undefined;
}

/**
 * Errors Fastify's router raises before any route or hook runs (a malformed percent-encoding, a path
 * segment over the router's 100 characters). Fastify would answer them in its own JSON shape.
 */
export function sendFrameworkError(err: FastifyError, _request: unknown, reply: FastifyReply): void {
  const detail = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A part of the path is longer than any name or id can be' : 'The path is not a valid URL';
  void sendProblem(reply, new AppError('bad_request', detail));
}

/** Every error leaves as problem+json with a stable code; unknown errors are logged and become a bare 500. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const known = isAppError(err) ? err : fromFastify(err);
    if (known) return sendProblem(reply, known);
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, new AppError('internal_error', 'Something went wrong on our side; it has been logged'));
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, new AppError('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`)));
}
