/**
 * One parse of a YAML text for everyone who reads it: `kscn check` (the YAML checks, the
 * custom kinds, what is simulated) and the run (the manifests it applies) read the same file, and
 * a file of a thousand documents takes a quarter of a second to parse. The last few texts'
 * documents are kept; nobody changes them (readers only walk the nodes and call toJS).
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';

export interface ParsedYaml {
  docs: Document.Parsed[];
  lineCounter: LineCounter;
}

const KEEP = 8;
const cache = new Map<string, ParsedYaml>();

/** The documents of `text` (parseAllDocuments with unique keys and a line counter); throws as the parser does. */
export function yamlDocuments(text: string): ParsedYaml {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const result: ParsedYaml = { docs: Array.isArray(parsed) ? parsed : [], lineCounter };
  cache.set(text, result);
  if (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  return result;
}
