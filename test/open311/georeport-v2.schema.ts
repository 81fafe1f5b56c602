// JSON Schemas written from the GeoReport v2 specification (https://wiki.open311.org/GeoReport_v2):
// field names, required fields, enums, and dates in ISO 8601 with a time zone (Z or ±HH:MM). The
// XML responses are parsed back into the same shape and validated against the same schemas.
const isoWithZone = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
};
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const str = { type: 'string' };

export const serviceRequestsSchema = {
  $id: 'service_requests',
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
    properties: {
      service_request_id: { type: 'string', minLength: 1 },
      status: { enum: ['open', 'closed'] },
      status_notes: nullable(str),
      service_name: nullable(str),
      service_code: { type: 'string', minLength: 1 },
      description: nullable(str),
      agency_responsible: nullable(str),
      service_notice: nullable(str),
      requested_datetime: isoWithZone,
      updated_datetime: nullable(isoWithZone),
      expected_datetime: nullable(isoWithZone),
      address: nullable(str),
      address_id: nullable(str),
      zipcode: nullable(str),
      lat: nullable({ type: 'number', minimum: -90, maximum: 90 }),
      long: nullable({ type: 'number', minimum: -180, maximum: 180 }),
      media_url: nullable({ type: 'string', format: 'uri' }),
    },
  },
};

export const servicesSchema = {
  $id: 'services',
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['service_code', 'service_name', 'metadata', 'type'],
    properties: {
      service_code: { type: 'string', minLength: 1 },
      service_name: str,
      description: nullable(str),
      metadata: { type: 'boolean' },
      type: { enum: ['realtime', 'batch', 'blackbox'] },
      keywords: nullable(str),
      group: nullable(str),
    },
  },
};

export const errorsSchema = {
  $id: 'errors',
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'description'],
    properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
  },
};

export const discoverySchema = {
  $id: 'discovery',
  type: 'object',
  additionalProperties: false,
  required: ['changeset', 'contact', 'endpoints'],
  properties: {
    changeset: isoWithZone,
    contact: str,
    key_service: nullable(str),
    endpoints: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        properties: {
          specification: { type: 'string', format: 'uri' },
          url: { type: 'string', format: 'uri' },
          changeset: isoWithZone,
          type: { enum: ['production', 'test'] },
          formats: { type: 'array', minItems: 1, items: { enum: ['text/xml', 'application/json'] } },
        },
      },
    },
  },
};
