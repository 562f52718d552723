/**
 * Administration, for admins only:
 *
 *   GET   /admin/users                      every user
 *   POST  /admin/users                      { name, displayName?, password, role, sites } → the user
 *   PATCH /admin/users/:userId              { displayName?, role?, sites?, password?, disabled? }
 *   GET   /admin/devices?userId=            devices (of one user)
 *   POST  /admin/devices/:deviceId/revoke   revokes the device and all its tokens
 */
import type { FastifyInstance } from 'fastify';
import { ID_MAX, NAME_MAX, ROLES, type Role } from '../../shared/domain';
import { requireAdmin } from '../http/request-context';
import { SyncError } from '../http/sync-error';
import { listDevices, listUsers, revokeDevice, type UserRecord } from '../store/accounts';
import type { Database } from '../store/database';
import { PASSWORD_MAX_LENGTH } from './passwords';
import { changeUser, createUser, toSyncUser } from './users';

const userFields = {
  name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
  displayName: { type: 'string', minLength: 1, maxLength: NAME_MAX },
  password: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH },
  role: { type: 'string', enum: [...ROLES] },
  sites: {
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: ID_MAX },
    maxItems: 1000,
  },
  disabled: { type: 'boolean' },
} as const;

export const NEW_USER_BODY_SCHEMA = {
  type: 'object',
  properties: {
    name: userFields.name,
    displayName: userFields.displayName,
    password: userFields.password,
    role: userFields.role,
    sites: userFields.sites,
  },
  required: ['name', 'password', 'role', 'sites'],
  additionalProperties: false,
} as const;

export const USER_CHANGES_BODY_SCHEMA = {
  type: 'object',
  properties: {
    displayName: userFields.displayName,
    role: userFields.role,
    sites: userFields.sites,
    password: userFields.password,
    disabled: userFields.disabled,
  },
  additionalProperties: false,
} as const;

export function describeUser(user: UserRecord) {
  return {
    ...toSyncUser(user),
    displayName: user.displayName,
    disabled: user.disabled,
    createdAt: user.createdAt,
  };
}

export function registerAdminRoutes(app: FastifyInstance, db: Database): void {
  app.get('/admin/users', async (request) => {
    requireAdmin(request);
    return { users: (await listUsers(db)).map(describeUser) };
  });

  app.post<{
    Body: { name: string; displayName?: string; password: string; role: Role; sites: string[] };
  }>('/admin/users', { schema: { body: NEW_USER_BODY_SCHEMA } }, async (request, reply) => {
    const admin = requireAdmin(request);
    const user = await createUser(db, request.body);
    request.log.info({ adminId: admin.user.id, userId: user.id }, 'user created');
    return reply.code(201).send(describeUser(user));
  });

  app.patch<{
    Params: { userId: string };
    Body: {
      displayName?: string;
      role?: Role;
      sites?: string[];
      password?: string;
      disabled?: boolean;
    };
  }>('/admin/users/:userId', { schema: { body: USER_CHANGES_BODY_SCHEMA } }, async (request) => {
    const admin = requireAdmin(request);
    const user = await changeUser(db, request.params.userId, request.body);
    request.log.info({ adminId: admin.user.id, userId: user.id }, 'user changed');
    return describeUser(user);
  });

  app.get<{ Querystring: { userId?: string } }>('/admin/devices', async (request) => {
    requireAdmin(request);
    return { devices: await listDevices(db, request.query.userId) };
  });

  app.post<{ Params: { deviceId: string } }>(
    '/admin/devices/:deviceId/revoke',
    async (request, reply) => {
      const admin = requireAdmin(request);
      if (!(await revokeDevice(db, request.params.deviceId, Date.now()))) {
        throw new SyncError('not-found', `There is no device ${request.params.deviceId}.`);
      }
      request.log.info(
        { adminId: admin.user.id, deviceId: request.params.deviceId },
        'device revoked',
      );
      return reply.code(204).send();
    },
  );
}
