/**
 * The OpenAPI 3.1 description of the HTTP API, served at /openapi.json. Written by hand
 * next to the routes; a test checks that every route the server registers is described.
 */
import { COLLECTIONS } from '../../shared/schemas';
import {
  REPLICATED_COLLECTIONS,
  SYNC_ERROR_CODES,
  SYNC_PROTOCOL_VERSION,
} from '../../shared/sync/protocol';
import { NEW_USER_BODY_SCHEMA, USER_CHANGES_BODY_SCHEMA } from '../auth/admin-routes';
import { SIGN_IN_BODY_SCHEMA } from '../auth/auth-routes';
import type { ServerLimits } from '../config';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const errorResponse = (description: string) => ({ description, ...json(ref('Error')) });
/** Both stream endpoints take the token in the query too. */
const accessTokenParam = {
  name: 'access_token',
  in: 'query',
  schema: { type: 'string' },
  description: 'The bearer token, for EventSource clients that cannot set headers.',
};
const collectionParam = {
  name: 'collection',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: [...REPLICATED_COLLECTIONS] },
};
const authErrors = {
  401: errorResponse('No token, or an unknown or revoked one.'),
  403: errorResponse('The role or the sites of the user do not allow it.'),
  429: errorResponse('Too many requests; see Retry-After.'),
};
const userResponse = { description: 'The user', ...json(ref('UserDetails')) };

export function openApiDocument(limits: ServerLimits): object {
  const collectionSchemas = Object.fromEntries(
    REPLICATED_COLLECTIONS.map((name) => [`collection.${name}`, COLLECTIONS[name].schema]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'AutoEscalate sync server',
      version: String(SYNC_PROTOCOL_VERSION),
      description:
        "RxDB's replication protocol over HTTP: pull by checkpoint, push answered with conflicts, " +
        'a server-sent-events stream of changes that says "RESYNC" on every (re)connection. ' +
        'Authenticate with `Authorization: Bearer <token>` from POST /auth/sign-in.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Checkpoint: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            updatedAt: {
              type: 'integer',
              description: "The server's stamp, never a client clock.",
            },
            scope: {
              type: 'integer',
              description:
                "The user's scope version the position was issued under (pulls only): a pull from another version starts again from the beginning.",
            },
          },
          required: ['id', 'updatedAt'],
        },
        Document: {
          type: 'object',
          description: 'A document of the collection (see collection.<name>) plus _deleted.',
          properties: { _deleted: { type: 'boolean' } },
          required: ['_deleted'],
          additionalProperties: true,
        },
        PullResponse: {
          type: 'object',
          properties: {
            documents: { type: 'array', items: ref('Document') },
            checkpoint: { oneOf: [ref('Checkpoint'), { type: 'null' }] },
          },
          required: ['documents', 'checkpoint'],
        },
        PushRow: {
          type: 'object',
          properties: {
            assumedMasterState: ref('Document'),
            newDocumentState: ref('Document'),
          },
          required: ['newDocumentState'],
        },
        TaggedStreamEvent: {
          description:
            'The JSON of one `data:` line of the shared stream: a batch of changes of the named collection, or its RESYNC.',
          oneOf: [
            {
              type: 'object',
              properties: {
                collection: { type: 'string', enum: [...REPLICATED_COLLECTIONS] },
                documents: { type: 'array', items: ref('Document') },
                checkpoint: ref('Checkpoint'),
              },
              required: ['collection', 'documents', 'checkpoint'],
            },
            {
              type: 'object',
              properties: {
                collection: { type: 'string', enum: [...REPLICATED_COLLECTIONS] },
                resync: { const: true },
              },
              required: ['collection', 'resync'],
            },
          ],
        },
        StreamEvent: {
          description: 'The JSON of one `data:` line of a one-collection stream.',
          oneOf: [
            {
              type: 'object',
              properties: {
                documents: { type: 'array', items: ref('Document') },
                checkpoint: ref('Checkpoint'),
              },
              required: ['documents', 'checkpoint'],
            },
            { const: 'RESYNC' },
          ],
        },
        Error: {
          type: 'object',
          properties: {
            error: { type: 'string', enum: [...SYNC_ERROR_CODES] },
            message: { type: 'string' },
            problems: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  row: { type: 'integer' },
                  documentId: { type: 'string' },
                  path: { type: 'string' },
                  message: { type: 'string' },
                },
                required: ['message'],
              },
            },
          },
          required: ['error', 'message'],
        },
        User: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            role: { type: 'string', enum: ['technician', 'supervisor', 'admin'] },
            sites: { type: 'array', items: { type: 'string' } },
            allSites: { type: 'boolean' },
          },
          required: ['id', 'name', 'role', 'sites', 'allSites'],
        },
        UserDetails: {
          allOf: [
            ref('User'),
            {
              type: 'object',
              properties: { disabled: { type: 'boolean' }, createdAt: { type: 'integer' } },
              required: ['disabled', 'createdAt'],
            },
          ],
        },
        Device: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            userId: { type: 'string' },
            name: { type: 'string' },
            createdAt: { type: 'integer' },
            lastSeenAt: { type: 'integer' },
            revokedAt: { type: ['integer', 'null'] },
          },
          required: ['id', 'userId', 'name', 'createdAt', 'lastSeenAt', 'revokedAt'],
        },
        ...collectionSchemas,
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/sync/{collection}/pull': {
        get: {
          summary: 'Documents changed after a checkpoint, in (updatedAt, id) order',
          parameters: [
            collectionParam,
            {
              name: 'updatedAt',
              in: 'query',
              schema: { type: 'integer', minimum: 0 },
              description: 'Checkpoint stamp; with id, or neither for the start.',
            },
            { name: 'id', in: 'query', schema: { type: 'string' }, description: 'Checkpoint id.' },
            {
              name: 'scope',
              in: 'query',
              schema: { type: 'integer', minimum: 0 },
              description:
                "Checkpoint scope version. When it is not the user's current one (their sites or role changed since), the pull is answered from the beginning; absent: taken as current.",
            },
            {
              name: 'limit',
              in: 'query',
              schema: {
                type: 'integer',
                minimum: 1,
                maximum: limits.maxPullLimit,
                default: limits.defaultPullLimit,
              },
            },
          ],
          responses: {
            200: { description: 'A page of changes', ...json(ref('PullResponse')) },
            400: errorResponse('Malformed checkpoint or limit.'),
            404: errorResponse('No such collection.'),
            ...authErrors,
          },
        },
      },
      '/sync/{collection}/push': {
        post: {
          summary: 'Write documents; answers the server state of every conflicting row',
          description: `At most ${limits.pushRows} rows and ${limits.documentBytes} bytes per document. A refused batch (4xx) writes nothing.`,
          parameters: [collectionParam],
          requestBody: {
            required: true,
            ...json({ type: 'array', items: ref('PushRow'), maxItems: limits.pushRows }),
          },
          responses: {
            200: {
              description: 'The conflicts (empty when all rows were written)',
              ...json({ type: 'array', items: ref('Document') }),
            },
            400: errorResponse('The body is not an array of rows.'),
            404: errorResponse('No such collection.'),
            413: errorResponse('Too many rows, or a document or the body too large.'),
            422: errorResponse(
              'A document fails its schema, or names a location or issue the server does not know yet.',
            ),
            ...authErrors,
          },
        },
      },
      '/sync/stream': {
        get: {
          summary:
            'Server-sent events of several collections in one stream: a RESYNC of each first, then batches of changes, each naming its collection; heartbeat comments',
          description:
            "A device opens one stream for all its collections (a browser holds at most six connections to one server). RESYNC of every collection of the stream is sent again whenever the user's sites or role change.",
          parameters: [
            {
              name: 'collections',
              in: 'query',
              schema: { type: 'string' },
              description: `Comma-separated collections to carry (default: all of ${REPLICATED_COLLECTIONS.join(', ')}).`,
            },
            accessTokenParam,
          ],
          responses: {
            200: {
              description: 'An event stream',
              content: { 'text/event-stream': { schema: ref('TaggedStreamEvent') } },
            },
            400: errorResponse('A collection named is not replicated.'),
            ...authErrors,
          },
        },
      },
      '/sync/{collection}/stream': {
        get: {
          summary:
            'Server-sent events of one collection: "RESYNC" first, then batches of changes; heartbeat comments',
          description:
            'The stream of clients that predate `/sync/stream`, which carries this and every other collection over one connection.',
          deprecated: true,
          parameters: [collectionParam, accessTokenParam],
          responses: {
            200: {
              description: 'An event stream',
              content: { 'text/event-stream': { schema: ref('StreamEvent') } },
            },
            404: errorResponse('No such collection.'),
            ...authErrors,
          },
        },
      },
      '/auth/sign-in': {
        post: {
          summary: 'Sign a user in on a new device; answers the bearer token',
          security: [],
          requestBody: { required: true, ...json(SIGN_IN_BODY_SCHEMA) },
          responses: {
            201: {
              description: 'Signed in',
              ...json({
                type: 'object',
                properties: {
                  token: { type: 'string' },
                  deviceId: { type: 'string' },
                  user: ref('User'),
                },
                required: ['token', 'deviceId', 'user'],
              }),
            },
            400: errorResponse('Missing fields.'),
            401: errorResponse('Wrong user name or password.'),
            429: errorResponse('Too many sign-ins from this address.'),
          },
        },
      },
      '/auth/sign-out': {
        post: {
          summary: 'Revoke the token of this request',
          responses: { 204: { description: 'Signed out' }, ...authErrors },
        },
      },
      '/auth/me': {
        get: {
          summary: 'The user and device of the token',
          responses: {
            200: {
              description: 'Who is signed in',
              ...json({
                type: 'object',
                properties: { user: ref('User'), deviceId: { type: 'string' } },
                required: ['user', 'deviceId'],
              }),
            },
            ...authErrors,
          },
        },
      },
      '/admin/users': {
        get: {
          summary: 'Every user (admins only)',
          responses: {
            200: {
              description: 'Users',
              ...json({
                type: 'object',
                properties: { users: { type: 'array', items: ref('UserDetails') } },
              }),
            },
            ...authErrors,
          },
        },
        post: {
          summary: 'Create a user (admins only)',
          requestBody: { required: true, ...json(NEW_USER_BODY_SCHEMA) },
          responses: {
            201: userResponse,
            400: errorResponse('Invalid name, password, role or sites.'),
            409: errorResponse('The name is taken.'),
            ...authErrors,
          },
        },
      },
      '/admin/users/{userId}': {
        patch: {
          summary: "Change a user's role, sites, password or disabled flag (admins only)",
          parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, ...json(USER_CHANGES_BODY_SCHEMA) },
          responses: {
            200: userResponse,
            400: errorResponse('Invalid changes.'),
            404: errorResponse('No such user.'),
            ...authErrors,
          },
        },
      },
      '/admin/devices': {
        get: {
          summary: 'Devices, of one user or all (admins only)',
          parameters: [{ name: 'userId', in: 'query', schema: { type: 'string' } }],
          responses: {
            200: {
              description: 'Devices',
              ...json({
                type: 'object',
                properties: { devices: { type: 'array', items: ref('Device') } },
              }),
            },
            ...authErrors,
          },
        },
      },
      '/admin/devices/{deviceId}/revoke': {
        post: {
          summary: 'Revoke a device and every token it holds (admins only)',
          parameters: [
            { name: 'deviceId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: {
            204: { description: 'Revoked' },
            404: errorResponse('No such device.'),
            ...authErrors,
          },
        },
      },
      '/health': {
        get: {
          summary: 'Whether the database is reachable',
          security: [],
          responses: {
            200: {
              description: 'Healthy',
              ...json({
                type: 'object',
                properties: {
                  status: { const: 'ok' },
                  database: { type: 'string', enum: ['pglite', 'postgres'] },
                },
              }),
            },
            503: errorResponse('The database is unreachable.'),
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          security: [],
          responses: {
            200: {
              description: 'Text exposition format',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          security: [],
          responses: { 200: { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } },
        },
      },
    },
  };
}
