// Turns a parsed OpenAPI 3.1 document into the plain model the API manual page shows.
// Pure functions: nothing here touches the DOM or the network.

type Json = Record<string, unknown>

export interface SchemaRow {
  field: string
  depth: number
  type: string
  required: boolean
  description: string
}

export interface MediaDoc {
  contentType: string
  rootType: string
  rows: SchemaRow[]
}

export interface ParameterDoc {
  name: string
  in: string
  required: boolean
  type: string
  description: string
}

export interface BodyDoc {
  required: boolean
  description: string
  media: MediaDoc[]
}

export interface ResponseDoc {
  status: string
  description: string
  media: MediaDoc[]
}

export interface OperationDoc {
  id: string
  method: string
  path: string
  summary: string
  description: string
  deprecated: boolean
  parameters: ParameterDoc[]
  requestBody: BodyDoc | null
  responses: ResponseDoc[]
}

export interface TagDoc {
  name: string
  description: string
  operations: OperationDoc[]
}

export interface SecurityDoc {
  name: string
  type: string
  description: string
}

/** One entry of the top-level `x-error-codes` list. */
export interface ErrorCodeDoc {
  code: string
  status: number | string
  message_zh: string
  message_en: string
}

export interface ApiManual {
  title: string
  version: string
  description: string
  servers: { url: string; description: string }[]
  security: SecurityDoc[]
  tags: TagDoc[]
  errorCodes: ErrorCodeDoc[]
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const
const MAX_DEPTH = 6

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1)
}

/** Follows local `$ref`s (`#/components/...`); an unresolvable one comes back as is. */
function deref(spec: Json, value: unknown): { node: Json; ref?: string } {
  let node = isObject(value) ? value : {}
  let ref: string | undefined
  for (let hops = 0; hops < 16 && typeof node.$ref === 'string' && node.$ref.startsWith('#/'); hops++) {
    ref = node.$ref
    let target: unknown = spec
    for (const part of node.$ref.slice(2).split('/')) {
      const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')
      target = isObject(target) ? target[key] : undefined
    }
    if (!isObject(target)) break
    node = target
  }
  return { node, ref }
}

function typeText(spec: Json, value: unknown, depth = 0): string {
  const { node, ref } = deref(spec, value)
  if (ref && isObject(value) && typeof value.$ref === 'string') return refName(ref)
  if (depth > MAX_DEPTH) return '…'
  if ('const' in node) return JSON.stringify(node.const)
  if (Array.isArray(node.enum)) return node.enum.map((v) => JSON.stringify(v)).join(' | ')
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alternatives = node[key]
    if (Array.isArray(alternatives)) return alternatives.map((a) => typeText(spec, a, depth + 1)).join(' | ')
  }
  if (Array.isArray(node.allOf)) return node.allOf.map((a) => typeText(spec, a, depth + 1)).join(' & ')
  const types = Array.isArray(node.type) ? node.type.map(String) : node.type ? [String(node.type)] : []
  const parts = types.map((type) => {
    if (type === 'array') return `array<${node.items ? typeText(spec, node.items, depth + 1) : 'any'}>`
    return typeof node.format === 'string' ? `${type}(${node.format})` : type
  })
  if (parts.length === 0) return isObject(node.properties) ? 'object' : 'any'
  return parts.join(' | ')
}

/** Properties and required names of an object schema, with allOf parts merged in. */
function objectParts(spec: Json, value: unknown): { properties: Json; required: Set<string> } {
  const { node } = deref(spec, value)
  const properties: Json = {}
  const required = new Set<string>()
  const parts = [node, ...(Array.isArray(node.allOf) ? node.allOf.map((p) => deref(spec, p).node) : [])]
  for (const part of parts) {
    if (isObject(part.properties)) Object.assign(properties, part.properties)
    if (Array.isArray(part.required)) part.required.forEach((r) => required.add(String(r)))
  }
  return { properties, required }
}

/** The fields of a schema as indented rows; array items' fields are listed under the array. */
function schemaRows(spec: Json, value: unknown, depth = 0, seen: ReadonlySet<string> = new Set()): SchemaRow[] {
  const { node, ref } = deref(spec, value)
  if (depth > MAX_DEPTH || (ref && seen.has(ref))) return []
  const path = ref ? new Set([...seen, ref]) : seen
  const target = node.type === 'array' || (Array.isArray(node.type) && node.type.includes('array')) ? node.items : node
  const { properties, required } = objectParts(spec, target)
  const rows: SchemaRow[] = []
  for (const [field, propSchema] of Object.entries(properties)) {
    const prop = deref(spec, propSchema).node
    rows.push({
      field,
      depth,
      type: typeText(spec, propSchema),
      required: required.has(field),
      // OpenAPI 3.1 allows a description beside a $ref; it says more about this field than the target's.
      description: str(isObject(propSchema) ? propSchema.description : undefined) || str(prop.description),
    })
    rows.push(...schemaRows(spec, propSchema, depth + 1, path))
  }
  return rows
}

function mediaDocs(spec: Json, content: unknown): MediaDoc[] {
  if (!isObject(content)) return []
  return Object.entries(content).map(([contentType, media]) => {
    const schema = isObject(media) ? media.schema : undefined
    return {
      contentType,
      rootType: schema === undefined ? '' : typeText(spec, schema),
      rows: schema === undefined ? [] : schemaRows(spec, schema),
    }
  })
}

function parameterDocs(spec: Json, ...lists: unknown[]): ParameterDoc[] {
  // Operation-level parameters override path-level ones with the same name and location.
  const byKey = new Map<string, ParameterDoc>()
  for (const list of lists) {
    if (!Array.isArray(list)) continue
    for (const raw of list) {
      const p = deref(spec, raw).node
      const doc = {
        name: str(p.name),
        in: str(p.in),
        required: p.required === true,
        type: p.schema === undefined ? '' : typeText(spec, p.schema),
        description: str(p.description),
      }
      byKey.set(`${doc.in}:${doc.name}`, doc)
    }
  }
  return [...byKey.values()]
}

function operationDoc(spec: Json, path: string, method: string, pathItem: Json, op: Json): OperationDoc {
  const body = op.requestBody === undefined ? null : deref(spec, op.requestBody).node
  return {
    id: str(op.operationId) || `${method}-${path}`,
    method: method.toUpperCase(),
    path,
    summary: str(op.summary),
    description: str(op.description),
    deprecated: op.deprecated === true,
    parameters: parameterDocs(spec, pathItem.parameters, op.parameters),
    requestBody: body && {
      required: body.required === true,
      description: str(body.description),
      media: mediaDocs(spec, body.content),
    },
    responses: Object.entries(isObject(op.responses) ? op.responses : {}).map(([status, raw]) => {
      const response = deref(spec, raw).node
      return { status, description: str(response.description), media: mediaDocs(spec, response.content) }
    }),
  }
}

function errorCodes(value: unknown): ErrorCodeDoc[] {
  if (!Array.isArray(value)) return []
  return value.filter(isObject).map((e) => ({
    code: str(e.code),
    status: typeof e.status === 'number' ? e.status : str(e.status),
    message_zh: str(e.message_zh),
    message_en: str(e.message_en),
  }))
}

/** Builds the manual; operations without a tag go under `untaggedName`. */
export function buildManual(document: unknown, untaggedName: string): ApiManual {
  const spec = isObject(document) ? document : {}
  const info = isObject(spec.info) ? spec.info : {}
  const tags = new Map<string, TagDoc>()
  for (const t of Array.isArray(spec.tags) ? spec.tags.filter(isObject) : []) {
    tags.set(str(t.name), { name: str(t.name), description: str(t.description), operations: [] })
  }
  for (const [path, rawItem] of Object.entries(isObject(spec.paths) ? spec.paths : {})) {
    const pathItem = deref(spec, rawItem).node
    for (const method of METHODS) {
      const op = pathItem[method]
      if (!isObject(op)) continue
      const doc = operationDoc(spec, path, method, pathItem, op)
      const opTags = Array.isArray(op.tags) && op.tags.length > 0 ? op.tags.map(String) : [untaggedName]
      for (const name of opTags) {
        if (!tags.has(name)) tags.set(name, { name, description: '', operations: [] })
        tags.get(name)!.operations.push(doc)
      }
    }
  }
  const components = isObject(spec.components) ? spec.components : {}
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {}
  return {
    title: str(info.title),
    version: str(info.version),
    description: str(info.description),
    servers: (Array.isArray(spec.servers) ? spec.servers.filter(isObject) : []).map((s) => ({
      url: str(s.url),
      description: str(s.description),
    })),
    security: Object.entries(schemes).map(([name, raw]) => {
      const s = deref(spec, raw).node
      const detail = [s.scheme, s.in, s.name].filter((x) => typeof x === 'string').join(' ')
      return { name, type: [str(s.type), detail].filter(Boolean).join(' · '), description: str(s.description) }
    }),
    tags: [...tags.values()].filter((t) => t.operations.length > 0),
    errorCodes: errorCodes(spec['x-error-codes']),
  }
}
