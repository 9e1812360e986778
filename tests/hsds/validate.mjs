// Validates HSDS 3.0 documents (the resource directory's HSDS export) against the official Open Referral JSON
// schemas copied into tests/hsds/schema (see its README.md for source and licence):
//
//   json-schema   each object against its schema with ajv and ajv-formats (uuid, uri, email, date-time), the
//                 $refs between the schema files resolved ("attribute.json" inside service.json is
//                 tests/hsds/schema/attribute.json);
//   page          an HSDS API page: the Page envelope of the HSDS 3.0 openapi.json, with every one of its
//                 fields present and consistent (size = number of contents, empty, first_page, last_page);
//   unique        the ids of the top-level objects of a file are unique (the schemas' "unique" constraint);
//   link          what JSON Schema cannot see: an object nested in another names its parent where it has the
//                 field (a location's address has location_id = that location's id, an attribute's link_id is
//                 the id of the object it is attached to, a service's organization_id is its organization's
//                 id, attribute.taxonomy_term_id = taxonomy_term.id, taxonomy_term.taxonomy_id =
//                 taxonomy_detail.id).
//
//   node tests/hsds/validate.mjs TYPE FILE...  TYPE: a schema of tests/hsds/schema (service, organization,
//                                              location, taxonomy, taxonomy_term, ...) or a list form
//                                              (service_list, organization_list); FILE: one JSON object, an
//                                              array of objects, or an HSDS API page {total_items, ...,
//                                              contents: [...]}
//   node tests/hsds/validate.mjs --check       exit 0 when ajv and ajv-formats are installed (npm ci), else 3
//
// Prints each error as FILE:ITEM: [check] path: message (ITEM: the position of the object in the file, 1 for a
// single object, 0 for the envelope). Exit 0 when every object is valid, 1 on any error (or a file without
// objects), 2 on bad usage or an unreadable file, 3 when packages are missing.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'schema');
// The schemas' own address (openapi.json refers to them by it), so relative $refs resolve between the files.
const BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';
const LIST_FORMS = { service_list: 'compiled/service_list.json', organization_list: 'compiled/organization_list.json' };
// Keywords of the Frictionless table schema and HSDS documentation that the files carry next to JSON Schema.
const ANNOTATIONS = ['name', 'path', 'datapackage_metadata', 'datapackage_type', 'constraints', 'core', 'example',
  'tabular_required'];
const PAGE_FIELDS = ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty'];

function readSchema(file) {
  const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8'));
  schema.$id = BASE + file;
  return schema;
}

async function loadValidator() {
  const Ajv = (await import('ajv')).default;
  const addFormats = (await import('ajv-formats')).default;
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  ajv.addVocabulary(ANNOTATIONS);

  const schemas = {};
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
    const schema = readSchema(file);
    schemas[file.replace(/\.json$/, '')] = schema;
    ajv.addSchema(schema);
  }
  for (const [type, file] of Object.entries(LIST_FORMS)) {
    schemas[type] = readSchema(file);
    ajv.addSchema(schemas[type]);
  }
  const openapi = JSON.parse(readFileSync(join(SCHEMA_DIR, 'openapi.json'), 'utf8'));
  const page = ajv.compile({ ...openapi.components.schemas.Page, required: PAGE_FIELDS });
  for (const schema of Object.values(schemas)) ajv.getSchema(schema.$id);  // compile all now: --check proves they load
  return { ajv, schemas, page };
}

// "/attributes/0/taxonomy_term/name" -> "service.attributes[0].taxonomy_term.name"
function pointerToPath(type, pointer) {
  let path = type;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return path;
}

function schemaIssues(v, type, object) {
  const validate = v.ajv.getSchema(v.schemas[type].$id);
  if (validate(object)) return [];
  return validate.errors.map((e) => {
    let message = e.message;
    if (e.params?.allowedValues) message += `: ${e.params.allowedValues.join(', ')}`;
    return { check: 'json-schema', path: pointerToPath(type, e.instancePath), message };
  });
}

// The schema type a property refers to: "attributes": {"items": {"$ref": "attribute.json"}} -> "attribute".
function refType(property) {
  const ref = property?.$ref ?? property?.items?.$ref;
  return typeof ref === 'string' ? ref.replace(/^.*\//, '').replace(/\.json$/, '') : undefined;
}

// The parent links of every object nested in `object` (of schema `type`), recursively.
function linkIssues(v, type, object, path, issues = []) {
  const schema = v.schemas[type];
  if (!schema || typeof object !== 'object' || object === null) return issues;
  const expect = (child, field, value, where) => {
    if (child[field] !== undefined && value !== undefined && child[field] !== value)
      issues.push({ check: 'link', path: `${where}.${field}`, message: `${JSON.stringify(child[field])} is not ${JSON.stringify(value)}` });
  };
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const childType = refType(property);
    const value = object[key];
    if (!childType || value === undefined) continue;
    const children = Array.isArray(value) ? value : [value];
    children.forEach((child, n) => {
      if (typeof child !== 'object' || child === null) return;
      const where = Array.isArray(value) ? `${path}.${key}[${n}]` : `${path}.${key}`;
      if (Array.isArray(value)) {
        expect(child, `${type}_id`, object.id, where);  // a location's addresses name the location
        if (childType === 'attribute') expect(child, 'link_id', object.id, where);
      } else {
        // a service names its organization, an attribute its taxonomy_term, a term its taxonomy (taxonomy_detail)
        expect(object, `${childType}_id`, child.id, path);
      }
      linkIssues(v, childType, child, where, issues);
    });
  }
  return issues;
}

function pageIssues(v, doc) {
  const issues = [];
  if (!v.page(doc))
    for (const e of v.page.errors) issues.push({ check: 'page', path: pointerToPath('page', e.instancePath), message: e.message });
  if (!Array.isArray(doc.contents)) {
    issues.push({ check: 'page', path: 'page.contents', message: 'must be an array' });
    return issues;
  }
  const n = doc.contents.length;
  const consistent = [
    ['size', doc.size === n, `${doc.size} but ${n} item(s) in contents`],
    ['empty', doc.empty === (n === 0), `${doc.empty} with ${n} item(s) in contents`],
    ['first_page', doc.first_page === (doc.page_number === 1), `${doc.first_page} on page ${doc.page_number}`],
    ['last_page', doc.last_page === (doc.page_number >= doc.total_pages), `${doc.last_page} on page ${doc.page_number} of ${doc.total_pages}`],
    ['total_items', doc.total_items >= n, `${doc.total_items}, fewer than the ${n} item(s) in contents`],
  ];
  for (const [field, ok, message] of consistent) if (!ok) issues.push({ check: 'page', path: `page.${field}`, message });
  return issues;
}

// {objects, envelope}: the objects a file holds, and its page envelope when it is one.
function readObjects(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  if (Array.isArray(doc)) return { objects: doc };
  if (doc && typeof doc === 'object' && 'contents' in doc && 'total_items' in doc)
    return { objects: Array.isArray(doc.contents) ? doc.contents : [], envelope: doc };
  return { objects: [doc] };
}

async function main(args) {
  let v;
  try {
    v = await loadValidator();
  } catch (err) {
    console.error(`HSDS validator packages are missing (run npm ci), or the schemas do not load: ${err.message}`);
    return 3;
  }
  if (args.length === 1 && args[0] === '--check') return 0;
  const [type, ...files] = args;
  if (!type || files.length === 0 || args.some((a) => a.startsWith('--')) || !Object.hasOwn(v.schemas, type)) {
    console.error(`usage: node tests/hsds/validate.mjs TYPE FILE... | --check  (TYPE: ${Object.keys(v.schemas).sort().join(', ')})`);
    return 2;
  }

  let objects = 0;
  let errors = 0;
  for (const file of files) {
    let read;
    try {
      read = readObjects(file);
    } catch (err) {
      console.error(`${file}: ${err.message}`);
      return 2;
    }
    const report = (item, issues) => {
      for (const i of issues) console.log(`${file}:${item}: [${i.check}] ${i.path}: ${i.message}`);
      errors += issues.length;
    };
    if (read.envelope) report(0, pageIssues(v, read.envelope));
    if (read.objects.length === 0 && !read.envelope) report(0, [{ check: 'file', path: file, message: 'no objects' }]);
    const seen = new Map();
    read.objects.forEach((object, n) => {
      ++objects;
      const issues = schemaIssues(v, type, object);
      if (typeof object === 'object' && object !== null) {
        issues.push(...linkIssues(v, type, object, type));
        if (seen.has(object.id))
          issues.push({ check: 'unique', path: `${type}.id`, message: `${object.id} is also item ${seen.get(object.id)}` });
        else seen.set(object.id, n + 1);
      }
      report(n + 1, issues);
    });
  }
  console.log(`validated ${objects} object(s): ${errors} error(s)`);
  return errors > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
