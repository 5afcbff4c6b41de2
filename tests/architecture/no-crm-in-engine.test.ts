import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The CRM is a package of metadata (seed-apps/crm); the engine must work for any objects. So no name of a
 * CRM object may appear in the engine's code — as an identifier (or part of one: customerId, LEAD_STATUS)
 * or inside a string (table names, object names in SQL, special cases). Comments are free to mention them.
 */
const CRM_WORDS = ['lead', 'customer', 'contact', 'opportunity', 'product', 'quote', 'contract', 'payment', 'invoice', 'ticket', 'campaign', 'follow_up', 'followup', 'knowledge_article'];
// `task` is left out: tasks and jobs are engine vocabulary (the job queue, workflow steps).

/** Engine words spelt like a CRM object (homonyms), by where they appear and the text they appear in. */
const ENGINE_VOCABULARY: Array<{ word: string; where: 'identifier' | 'string'; text: RegExp; why: string }> = [
  { word: 'quote', where: 'identifier', text: /^(quote|quoted|unquoted|quoteIdent|quoteLiteral)$/, why: 'SQL identifier quoting (db/quote.ts)' },
  { word: 'quote', where: 'string', text: /\bto quote identifier\b/, why: 'the verb, in the quoting function’s error' },
  { word: 'product', where: 'string', text: /^product \(parseFloat/, why: 'the arithmetic product, in the * operator’s summary' },
];

/** Known mentions in prose strings, each with the file it is in. Keep this list empty or shrinking. */
const PROSE_EXAMPLES: Array<{ file: string; word: string; why: string }> = [
];

const ENGINE = path.resolve(import.meta.dirname, '../../engine');

function engineFiles(dir = ENGINE): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === '__tests__' ? [] : engineFiles(full);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [full] : [];
  });
}

/** "customerId" → customer id; "LEAD_STATUS" → lead status; "follow-ups" → follow ups. Plurals become singular. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => (w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

/** The CRM object names in a text: single words, and two words joined (follow up, knowledge article). */
function crmWordsIn(text: string): string[] {
  const list = words(text);
  const pairs = list.slice(1).map((w, i) => `${list[i]}_${w}`);
  return [...new Set([...list, ...pairs].filter((w) => CRM_WORDS.includes(w)))];
}

interface Finding {
  file: string;
  line: number;
  kind: 'identifier' | 'string';
  text: string;
  word: string;
}

function findCrmNames(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, kind: Finding['kind'], text: string) => {
    for (const word of crmWordsIn(text)) {
      if (ENGINE_VOCABULARY.some((v) => v.word === word && v.where === kind && v.text.test(text))) continue;
      if (kind === 'string' && /\s/.test(text) && PROSE_EXAMPLES.some((p) => file.endsWith(p.file) && p.word === word)) continue;
      findings.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, kind, text: text.slice(0, 80), word });
    }
  };
  const visit = (node: ts.Node): void => {
    // Module paths are folder names (`../contracts/index.ts` is the API-contracts stage), checked by the import rules.
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) return;
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) report(node, 'identifier', node.text);
    else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) report(node, 'string', node.text);
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) report(node, 'string', node.text);
    else if (ts.isRegularExpressionLiteral(node)) report(node, 'string', node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

describe('no CRM in the engine', () => {
  it('names no CRM object in engine/ (identifiers and strings; comments aside)', () => {
    const files = engineFiles();
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((file) => findCrmNames(path.relative(ENGINE, file), fs.readFileSync(file, 'utf8')));
    expect(findings).toEqual([]);
  });

  it('catches CRM names in identifiers, strings, templates and SQL', () => {
    const found = (source: string) => findCrmNames('src/x.ts', source).map((f) => `${f.kind}:${f.word}`);
    expect(found('const customerId = 1;')).toEqual(['identifier:customer']);
    expect(found('function createLead() {}')).toEqual(['identifier:lead']);
    expect(found('const LEAD_STATUS = 1;')).toEqual(['identifier:lead']);
    expect(found("if (object === 'opportunity') {}")).toEqual(['string:opportunity']);
    expect(found('const sql = `select * from invoices where x = ${y}`;')).toEqual(['string:invoice']);
    expect(found("const t = 'follow_up';")).toEqual(['string:follow_up']);
    expect(found('const o = { payments: [] };')).toEqual(['identifier:payment']);
    expect(found("throw new Error('no such ticket');")).toEqual(['string:ticket']);
  });

  it('leaves comments, module paths, SQL quoting and look-alike words alone', () => {
    const found = (source: string) => findCrmNames('src/x.ts', source);
    expect(found("// the customer's table\nimport { a } from '../contracts/index.ts';\nexport { b } from '../contracts/index.ts';")).toEqual([]);
    expect(found("const q = quoteIdent(name); let quote: string | null = null; const leading = 'trailing';")).toEqual([]);
    expect(found("const x = 'misleading'; const y = 'contacts-free'.length;")).toEqual([{ file: 'src/x.ts', line: 1, kind: 'string', text: 'contacts-free', word: 'contact' }]);
  });
});
