/**
 * Sign-in and the signed-in device's own endpoints:
 *
 *   POST /auth/sign-in   { userName, password, deviceName } → { token, deviceId, user }
 *   POST /auth/sign-out  revokes the token it is sent with
 *   GET  /auth/me        the user and device of the token
 */
import type { FastifyInstance } from 'fastify';
import { NAME_MAX } from '../../shared/domain';
import type { SignInRequest, SignInResponse, WhoAmIResponse } from '../../shared/sync/protocol';
import { principalOf } from '../http/request-context';
import type { Database } from '../store/database';
import { revokeToken } from '../store/accounts';
import { PASSWORD_MAX_LENGTH } from './passwords';
import { signIn, toSyncUser } from './users';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

export const SIGN_IN_BODY_SCHEMA = {
  type: 'object',
  properties: {
    userName: text(NAME_MAX),
    password: text(PASSWORD_MAX_LENGTH),
    deviceName: text(NAME_MAX),
  },
  required: ['userName', 'password', 'deviceName'],
  additionalProperties: false,
} as const;

export function registerAuthRoutes(app: FastifyInstance, db: Database): void {
  app.post<{ Body: SignInRequest }>(
    '/auth/sign-in',
    { schema: { body: SIGN_IN_BODY_SCHEMA }, config: { public: true, signIn: true } },
    async (request, reply): Promise<SignInResponse> => {
      const response = await signIn(db, request.body);
      request.log.info(
        { userId: response.user.id, deviceId: response.deviceId },
        'device signed in',
      );
      return reply.code(201).send(response);
    },
  );

  app.post('/auth/sign-out', async (request, reply) => {
    const principal = principalOf(request);
    await revokeToken(db, principal.tokenHash, Date.now());
    return reply.code(204).send();
  });

  app.get('/auth/me', (request): WhoAmIResponse => {
    const principal = principalOf(request);
    return { user: toSyncUser(principal.user), deviceId: principal.deviceId };
  });
}
