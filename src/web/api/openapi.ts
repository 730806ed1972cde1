/** The JSON API for partner systems, described in OpenAPI 3.1; served at /api/openapi.json. */

const uploadStatus = {
  type: 'object',
  required: ['id', 'dataFlow', 'fileName', 'sha256', 'state', 'progress', 'counts', 'links'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    dataFlow: { type: 'string', description: 'The data flow’s source name, such as `police`.' },
    fileName: { type: 'string' },
    sha256: {
      type: 'string',
      description: 'SHA-256 of the file’s bytes: the same file is never loaded twice.',
    },
    bytes: { type: ['integer', 'null'] },
    channel: { type: ['string', 'null'], enum: ['web', 'api', 'cli', null] },
    state: {
      type: 'string',
      enum: ['loading', 'visible', 'superseded', 'failed', 'refused'],
      description:
        'loading: being checked and loaded (nothing visible yet); visible: the flow’s current upload; superseded: ' +
        'replaced by a newer upload, kept for audit; failed: the file could not be loaded (see reason), nothing ' +
        'of it is in use; refused: the agreement does not cover it (see reason), nothing was stored.',
    },
    phase: { type: ['string', 'null'], enum: ['queued', 'checking', 'loading', 'finishing', null] },
    progress: {
      type: 'object',
      properties: {
        finished: { type: 'boolean' },
        percent: { type: 'integer', minimum: 0, maximum: 100 },
        text: { type: 'string' },
      },
    },
    counts: {
      type: 'object',
      properties: {
        rowsRead: { type: 'integer' },
        rowsAccepted: { type: 'integer' },
        rowsRejected: { type: 'integer' },
        warnings: { type: 'integer' },
        records: { type: 'integer', description: 'People (distinct record_id) with accepted rows.' },
        issues: { type: 'integer', description: 'Rejected rows and warnings stored with the upload.' },
      },
    },
    agreement: {
      type: ['object', 'null'],
      description: 'The agreement version the upload was checked against (its provenance).',
      properties: { reference: { type: 'string' }, version: { type: 'integer' } },
    },
    reason: {
      type: ['string', 'null'],
      description: 'Why it was refused or failed, naming the agreement and clause.',
    },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
    links: {
      type: 'object',
      properties: {
        self: { type: 'string' },
        issues: { type: 'string' },
        issuesCsv: { type: 'string' },
      },
    },
  },
} as const;

const problem = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string', description: 'What was wrong and what to do.' } },
} as const;

const problemResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const uploadId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
} as const;

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Kindred partner API',
    version: '1.0.0',
    description:
      'Upload partner extracts in the standard extract format (shared spec: extract-format.md) or the data ' +
      'flow’s saved column mapping, and follow each upload. Every upload is checked against the data flow’s ' +
      'sharing agreement before a row is stored, validated row by row, loaded atomically and recorded in the ' +
      'audit log. Authenticate with an API token that a partner data officer creates under “API tokens”.',
  },
  servers: [{ url: '/api' }],
  security: [{ apiToken: [] }],
  components: {
    securitySchemes: {
      apiToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'A token from the API tokens page, sent as `Authorization: Bearer kindred_…`.',
      },
    },
    schemas: {
      UploadStatus: uploadStatus,
      Problem: problem,
      DataFlow: {
        type: 'object',
        properties: {
          source: { type: 'string' },
          title: { type: 'string' },
          agreement: {
            type: ['object', 'null'],
            description:
              'The agreement in force today, and what it lets the flow carry; null when uploads are refused.',
            properties: {
              reference: { type: 'string' },
              version: { type: 'integer' },
              title: { type: 'string' },
              identityColumns: { type: 'array', items: { type: 'string' } },
              factCodes: { type: 'array', items: { type: 'string' } },
            },
          },
          refusal: { type: ['string', 'null'], description: 'Why an upload would be refused today.' },
        },
      },
      Issue: {
        type: 'object',
        properties: {
          seq: {
            type: 'integer',
            description: 'Position among the upload’s issues; pass it as `after` for the next page.',
          },
          line: {
            type: 'integer',
            description: 'The 1-based line where the row starts (the header is line 1).',
          },
          recordId: { type: ['string', 'null'] },
          column: { type: ['string', 'null'] },
          severity: { type: 'string', enum: ['error', 'warning'] },
          message: { type: 'string' },
          agreementBreach: { type: 'boolean' },
        },
      },
    },
  },
  paths: {
    '/v1/data-flows': {
      get: {
        summary: 'The data flows your organisation sends, with the agreement each is under',
        operationId: 'listDataFlows',
        responses: {
          '200': {
            description: 'Your organisation’s data flows.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    dataFlows: { type: 'array', items: { $ref: '#/components/schemas/DataFlow' } },
                  },
                },
              },
            },
          },
          '401': problemResponse('No valid API token.'),
        },
      },
    },
    '/v1/data-flows/{source}/uploads': {
      post: {
        summary: 'Upload an extract to a data flow',
        operationId: 'uploadExtract',
        description:
          'The request body is the CSV file itself, streamed (any size up to the installation’s limit; it is never ' +
          'held in memory). The upload is checked and loaded in the background: follow it at `links.self`, or ' +
          'pass `wait=true` to get the final status in the response.',
        parameters: [
          { name: 'source', in: 'path', required: true, schema: { type: 'string' } },
          {
            name: 'fileName',
            in: 'query',
            schema: { type: 'string' },
            description: 'The file’s name, for messages.',
          },
          {
            name: 'encoding',
            in: 'query',
            schema: { type: 'string', enum: ['utf-8', 'latin1'] },
            description: 'How the bytes are text, when not the data flow’s saved encoding.',
          },
          {
            name: 'wait',
            in: 'query',
            schema: { type: 'boolean' },
            description: 'Answer only when the upload has ended.',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'text/csv': { schema: { type: 'string', format: 'binary' } },
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          },
        },
        responses: {
          '202': {
            description: 'Accepted: being checked and loaded. `Location` is the upload’s status.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/UploadStatus' } } },
          },
          '200': {
            description:
              'The upload has ended (with `wait=true`), or the same file was already loaded into this flow ' +
              '(`state` is then that of the earlier upload, which is returned).',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/UploadStatus' } } },
          },
          '400': problemResponse('The body is empty.'),
          '401': problemResponse('No valid API token.'),
          '403': problemResponse(
            'Refused: the token’s holder may not upload to this flow (nothing was stored).',
          ),
          '404': problemResponse('There is no such data flow.'),
          '413': problemResponse('The file is larger than the installation accepts.'),
          '415': problemResponse('The body is not text/csv or application/octet-stream.'),
          '422': {
            description: 'Refused by the agreement, or the file could not be loaded: see `reason`.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/UploadStatus' } } },
          },
        },
      },
    },
    '/v1/uploads/{id}': {
      get: {
        summary: 'An upload’s status, progress and counts',
        operationId: 'getUpload',
        parameters: [uploadId],
        responses: {
          '200': {
            description: 'The upload.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/UploadStatus' } } },
          },
          '401': problemResponse('No valid API token.'),
          '404': problemResponse('There is no such upload, or it is not yours to see.'),
        },
      },
    },
    '/v1/uploads/{id}/issues': {
      get: {
        summary: 'The upload’s rejected rows and warnings, a page at a time, in file order',
        operationId: 'listUploadIssues',
        parameters: [
          uploadId,
          { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5000 } },
        ],
        responses: {
          '200': {
            description: 'A page of issues; `next` is the next page, or null.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    issues: { type: 'array', items: { $ref: '#/components/schemas/Issue' } },
                    next: { type: ['string', 'null'] },
                  },
                },
              },
            },
          },
          '401': problemResponse('No valid API token.'),
          '404': problemResponse('There is no such upload, or it is not yours to see.'),
        },
      },
    },
    '/v1/uploads/{id}/issues.csv': {
      get: {
        summary: 'Every rejected row and warning as CSV (line, record_id, column, severity, message)',
        description: 'Values that a spreadsheet would run as formulas are prefixed with an apostrophe.',
        operationId: 'downloadUploadIssues',
        parameters: [uploadId],
        responses: {
          '200': { description: 'The issues.', content: { 'text/csv': { schema: { type: 'string' } } } },
          '401': problemResponse('No valid API token.'),
          '404': problemResponse('There is no such upload, or it is not yours to see.'),
        },
      },
    },
  },
} as const;
