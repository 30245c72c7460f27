const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable page for people: every operation with its parameters, body and answer, from the same document. */
export function referencePage(doc: Record<string, unknown>): string {
  const info = doc.info as { title: string; description: string };
  const paths = doc.paths as Record<string, Record<string, { operationId: string; summary: string; security?: unknown; parameters?: { name: string; in: string; required: boolean }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  const sections = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const params = (op.parameters ?? []).map((p) => `<code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ", required" : ""})`).join(", ");
      const body = op.requestBody?.content["application/json"]?.schema;
      const answer = op.responses["200"]?.content?.["application/json"]?.schema;
      return `<section id="${escapeHtml(op.operationId)}">
<h2><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2>
<p>${escapeHtml(op.summary)}${op.security ? " <em>(signed in: session cookie or Bearer token)</em>" : ""}. tRPC: <code>${escapeHtml(op.operationId)}</code></p>
${params ? `<p>Parameters: ${params}</p>` : ""}
${body ? `<details><summary>Body</summary><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre></details>` : ""}
${answer ? `<details><summary>Answer</summary><pre>${escapeHtml(JSON.stringify(answer, null, 2))}</pre></details>` : ""}
</section>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2a24}code,pre{font-family:ui-monospace,monospace}pre{background:#f4f6f5;padding:.75rem;overflow:auto}section{border-top:1px solid #d6ddd9;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-size:.8em;color:#0b6e4f}h2{font-size:1.1rem}</style>
</head><body>
<h1>${escapeHtml(info.title)}</h1>
<p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors: <code>{ "error": { "code", "message", "details" } }</code>.</p>
${sections.join("\n")}
</body></html>`;
}
