// Lint Cypher statements with Neo4j's own parser and semantic analysis.
// stdin: JSON [{"name": str, "query": str, "parameters": [names]}]
// stdout: JSON [{"name": str, "diagnostics": [{"version", "severity", "message", "offset"}]}]
// Severity follows the LSP: 1 = error, 2 = warning. Each statement is linted as Cypher 5 and Cypher 25.
// Functions and procedures are Neo4j's built-ins from the package's bundled schema (APOC excluded,
// since a plain Neo4j server does not have it), so a misspelt or FalkorDB-only function is an error.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const builtins = (registry) =>
  Object.fromEntries(
    Object.entries(registry ?? {}).map(([version, entries]) => [
      version,
      Object.fromEntries(Object.entries(entries).filter(([name]) => !name.startsWith('apoc.'))),
    ]),
  );

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const functions = builtins(testData.mockSchema.functions);
const procedures = builtins(testData.mockSchema.procedures);

const out = statements.map(({ name, query, parameters }) => {
  const params = Object.fromEntries((parameters ?? []).map((p) => [p, null]));
  const diagnostics = [];
  for (const version of ['CYPHER 5', 'CYPHER 25']) {
    const schema = { functions, procedures, parameters: params, defaultLanguage: version };
    for (const d of lintCypherQuery(query, schema).diagnostics) {
      diagnostics.push({ version, severity: d.severity, message: d.message, offset: d.offsets?.start ?? null });
    }
  }
  return { name, diagnostics };
});
process.stdout.write(JSON.stringify(out));
