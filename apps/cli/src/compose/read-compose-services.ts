import { parseDocument } from "yaml";

export interface ComposeService {
  name: string;
  /** Container labels as compose would set them, before interpolation. */
  labels: Record<string, string>;
}

export type ComposeRead = { ok: true; services: ComposeService[] } | { ok: false; problem: string };

/**
 * The services of a compose file and their container labels, which compose accepts as a map
 * (`key: value`) or a list (`- key=value`, a bare `- key` meaning an empty value). `deploy.labels`
 * are swarm service labels, not container labels, and are not read.
 */
export function readComposeServices(text: string): ComposeRead {
  const document = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: false });
  const [firstError] = document.errors;
  if (firstError !== undefined) return { ok: false, problem: `not valid YAML: ${oneLine(firstError.message)}` };
  const root: unknown = document.toJS({ maxAliasCount: 1000 });
  if (root === null || root === undefined) return { ok: true, services: [] };
  if (!isRecord(root)) return { ok: false, problem: "expected a mapping at the top of the compose file" };
  const services = root.services;
  if (services === undefined || services === null) return { ok: true, services: [] };
  if (!isRecord(services)) return { ok: false, problem: "expected `services` to be a mapping of service names" };
  const read: ComposeService[] = [];
  for (const [name, service] of Object.entries(services)) {
    const labels = isRecord(service) ? service.labels : undefined;
    const parsed = labelsOf(labels);
    if (typeof parsed === "string") return { ok: false, problem: `service ${name}: ${parsed}` };
    read.push({ name, labels: parsed });
  }
  return { ok: true, services: read };
}

function labelsOf(labels: unknown): Record<string, string> | string {
  if (labels === undefined || labels === null) return {};
  const result: Record<string, string> = {};
  if (Array.isArray(labels)) {
    for (const entry of labels) {
      if (typeof entry !== "string") return `expected labels as "key=value" strings, got ${JSON.stringify(entry)}`;
      const equals = entry.indexOf("=");
      if (equals === -1) result[entry] = "";
      else result[entry.slice(0, equals)] = entry.slice(equals + 1);
    }
    return result;
  }
  if (!isRecord(labels)) return "expected labels as a mapping or a list of key=value";
  for (const [key, value] of Object.entries(labels)) {
    // Compose turns scalars into strings; a nested structure is an error there too.
    if (value === null || value === undefined) result[key] = "";
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") result[key] = String(value);
    else return `label ${key}: expected a string value`;
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
