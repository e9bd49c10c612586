// /docs: the OpenAPI document as a plain HTML page, rendered on the server (no script, no CDN:
// the service runs where there is no network).

interface Operation {
  summary?: string;
  description?: string;
  parameters?: readonly { name: string; in: string; required?: boolean; description?: string }[];
  responses?: Record<string, { description: string }>;
}

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);

export function renderDocsPage(document: {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
}): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = (operation.parameters ?? [])
        .map((p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? `: ${escape(p.description)}` : ''}</li>`)
        .join('');
      const responses = Object.entries(operation.responses ?? {})
        .map(([status, response]) => `<li><code>${status}</code> ${escape(response.description)}</li>`)
        .join('');
      return `<section><h2><span class="method">${method.toUpperCase()}</span> <code>${escape(path)}</code></h2>
<p>${escape(operation.summary ?? '')}</p>${operation.description ? `<p>${escape(operation.description)}</p>` : ''}
${parameters ? `<h3>Parameters</h3><ul>${parameters}</ul>` : ''}<h3>Responses</h3><ul>${responses}</ul></section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(document.info.title)} API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ddd}
.method{background:#234;color:#fff;padding:0 .4em;border-radius:3px;font-size:.8em}code{background:#f4f4f4}</style></head>
<body><h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1><p>${escape(document.info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>${operations.join('\n')}</body></html>`;
}
