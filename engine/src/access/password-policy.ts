import type { FieldError } from '../kernel/index.ts';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** The rules every new password meets; the problems are named after `field`. */
export function checkNewPassword(password: unknown, field: string): FieldError[] {
  if (typeof password !== 'string') return [{ field, message: 'must be a string' }];
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) return [{ field, message: `must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters` }];
  if (password.trim() === '') return [{ field, message: 'must not be only spaces' }];
  return [];
}
