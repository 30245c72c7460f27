// No cluster and no Docker engine run in CI, so the deployment files are checked here instead: every Kubernetes
// object against the Kubernetes OpenAPI schema (kubernetes-models' bundled validators), docker-compose.yml against
// the Compose specification's JSON schema (shipped by dclint), and the promises the README makes about them
// (probes, resources, placeholder secrets, configuration names, dashboard metrics) as explicit assertions.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { envSchema, parseConfig, serverConfigIssues } from "@caribex/config";
import { nextAppVariables } from "@caribex/config/turbo-env";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Job } from "kubernetes-models/batch/v1/Job";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const k8sDir = path.join(here, "k8s");
const read = (...p: string[]) => readFileSync(path.join(root, ...p), "utf8");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

interface Model {
  validate(): void;
}
const models: Record<string, new (data: Obj) => Model> = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "batch/v1/Job": Job,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/Ingress": Ingress,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

/** Throws with the schema's messages when the object does not match its Kubernetes schema. */
function validateK8s(doc: Obj): void {
  const Model = models[`${doc.apiVersion}/${doc.kind}`];
  if (!Model) throw new Error(`no schema registered for ${doc.apiVersion}/${doc.kind}`);
  new Model(doc).validate();
}

// The bundled validators accept unknown fields (as the API server's non-strict mode does); a misspelt probe or
// security field would then be silently ignored by the cluster. These lists catch that for the parts we rely on.
const containerKeys = new Set([
  "name", "image", "imagePullPolicy", "command", "args", "workingDir", "ports", "env", "envFrom", "resources",
  "volumeMounts", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "securityContext",
  "terminationMessagePath", "terminationMessagePolicy", "stdin", "tty", "volumeDevices", "resizePolicy", "restartPolicy",
]);
const podSpecKeys = new Set([
  "containers", "initContainers", "volumes", "securityContext", "restartPolicy", "terminationGracePeriodSeconds",
  "automountServiceAccountToken", "serviceAccountName", "topologySpreadConstraints", "affinity", "nodeSelector",
  "tolerations", "imagePullSecrets", "priorityClassName", "dnsPolicy", "activeDeadlineSeconds",
]);
const probeKeys = new Set([
  "httpGet", "tcpSocket", "exec", "grpc", "initialDelaySeconds", "periodSeconds", "timeoutSeconds",
  "successThreshold", "failureThreshold", "terminationGracePeriodSeconds",
]);

function unknownKeys(obj: Obj | undefined, allowed: Set<string>, where: string): string[] {
  return Object.keys(obj ?? {})
    .filter((k) => !allowed.has(k))
    .map((k) => `${where}.${k}`);
}

interface K8sDoc {
  file: string;
  doc: Obj;
}

function loadK8s(): K8sDoc[] {
  const out: K8sDoc[] = [];
  for (const file of readdirSync(k8sDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const d of parseAllDocuments(readFileSync(path.join(k8sDir, file), "utf8"))) {
      if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join("; ")}`);
      const doc = d.toJS() as Obj | null;
      if (doc) out.push({ file, doc });
    }
  }
  return out;
}

const k8s = loadK8s();
const objects = k8s.filter((d) => d.doc.kind !== "Kustomization");
const find = (kind: string, name: string): Obj => {
  const hit = objects.find((d) => d.doc.kind === kind && d.doc.metadata?.name === name);
  if (!hit) throw new Error(`no ${kind} named ${name}`);
  return hit.doc;
};
const podSpecOf = (doc: Obj): Obj => doc.spec.template.spec;
const schemaKeys = new Set(Object.keys(envSchema.shape));

/** Kubernetes quantities as bytes / cores, for the range checks. */
function bytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
  if (!m) throw new Error(`unparsed memory quantity ${q}`);
  const mult: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}
function cores(q: string | number): number {
  const s = String(q);
  return s.endsWith("m") ? Number(s.slice(0, -1)) / 1000 : Number(s);
}

/** `.env.example`: active assignments and commented-out ones (unset means the embedded default). */
function loadEnvExample() {
  const active = new Map<string, string>();
  const documented = new Set<string>();
  for (const line of read(".env.example").split("\n")) {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!m) continue;
    documented.add(m[2]!);
    if (!m[1]) active.set(m[2]!, m[3]!);
  }
  return { active, documented };
}
const envExample = loadEnvExample();
/** Read by the Next apps only (their env modules), not by the server. */
const webOnlyVars = nextAppVariables(root).filter((name) => !schemaKeys.has(name));
/** Read by docker-compose.yml only, for the bundled PostgreSQL. */
const composeOnlyVars = ["POSTGRES_PASSWORD"];

describe("Kubernetes manifests", () => {
  it("parse, and every object matches the Kubernetes schema", () => {
    expect(objects.length).toBeGreaterThanOrEqual(12);
    for (const { file, doc } of objects) {
      expect(() => validateK8s(doc), `${file}: ${doc.kind}/${doc.metadata?.name}`).not.toThrow();
      if (doc.kind === "Namespace") expect(doc.metadata.name).toBe("caribex");
      else expect(doc.metadata?.namespace, `${file}: ${doc.kind} namespace`).toBe("caribex");
    }
  });

  it("the validator really rejects broken objects", () => {
    const server = structuredClone(find("Deployment", "server"));
    server.spec.replicas = "three";
    expect(() => validateK8s(server)).toThrow(/replicas/);
    const nameless = structuredClone(find("Deployment", "server"));
    delete podSpecOf(nameless).containers[0].name;
    expect(() => validateK8s(nameless)).toThrow(/name/);
    const cm = structuredClone(find("ConfigMap", "server-config"));
    cm.data.PORT = 8080;
    expect(() => validateK8s(cm)).toThrow(/PORT/);
  });

  it("use no unknown fields in pod specs, containers and probes", () => {
    const problems: string[] = [];
    for (const { file, doc } of objects.filter((d) => d.doc.spec?.template?.spec)) {
      const pod = podSpecOf(doc);
      problems.push(...unknownKeys(pod, podSpecKeys, `${file}:spec`));
      for (const c of pod.containers as Obj[]) {
        problems.push(...unknownKeys(c, containerKeys, `${file}:${c.name}`));
        for (const p of ["livenessProbe", "readinessProbe", "startupProbe"]) {
          if (c[p]) problems.push(...unknownKeys(c[p], probeKeys, `${file}:${c.name}.${p}`));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("kustomization lists every manifest except the Secret template", () => {
    const kustomization = k8s.find((d) => d.doc.kind === "Kustomization")!.doc;
    expect(kustomization.apiVersion).toBe("kustomize.config.k8s.io/v1beta1");
    expect(kustomization.namespace).toBe("caribex");
    const listed = new Set<string>(kustomization.resources);
    for (const f of listed) expect(existsSync(path.join(k8sDir, f)), f).toBe(true);
    const files = readdirSync(k8sDir).filter((f) => /\.ya?ml$/.test(f) && f !== "kustomization.yaml");
    expect(files.filter((f) => !listed.has(f))).toEqual(["secret.template.yaml"]);
  });

  it("server: 3 replicas, probes on /healthz and /readyz at 8080, resources within 512Mi-2Gi and 0.5-2 CPU", () => {
    const server = find("Deployment", "server");
    expect(server.spec.replicas).toBe(3);
    const [c] = podSpecOf(server).containers as Obj[];
    const portOf = (p: string | number) => (typeof p === "number" ? p : c!.ports.find((x: Obj) => x.name === p)?.containerPort);
    expect(c!.livenessProbe.httpGet.path).toBe("/healthz");
    expect(portOf(c!.livenessProbe.httpGet.port)).toBe(8080);
    expect(c!.readinessProbe.httpGet.path).toBe("/readyz");
    expect(portOf(c!.readinessProbe.httpGet.port)).toBe(8080);
    expect(c!.startupProbe.httpGet.path).toBe("/healthz");

    const { requests, limits } = c!.resources;
    expect(bytes(requests.memory)).toBe(512 * 2 ** 20);
    expect(bytes(limits.memory)).toBe(2 * 2 ** 30);
    expect(cores(requests.cpu)).toBe(0.5);
    expect(cores(limits.cpu)).toBe(2);
  });

  it("every workload has requests and limits, and API-server pods stay within the architecture's range", () => {
    for (const { file, doc } of objects.filter((d) => d.doc.spec?.template?.spec)) {
      for (const c of podSpecOf(doc).containers as Obj[]) {
        const { requests, limits } = c.resources ?? {};
        for (const q of [requests?.memory, limits?.memory, requests?.cpu, limits?.cpu]) expect(q, `${file}:${c.name}`).toBeDefined();
        expect(bytes(requests.memory)).toBeLessThanOrEqual(bytes(limits.memory));
        expect(cores(requests.cpu)).toBeLessThanOrEqual(cores(limits.cpu));
        if (String(c.image).startsWith("caribex/server")) {
          for (const m of [requests.memory, limits.memory]) {
            expect(bytes(m)).toBeGreaterThanOrEqual(512 * 2 ** 20);
            expect(bytes(m)).toBeLessThanOrEqual(2 * 2 ** 30);
          }
          for (const cpu of [requests.cpu, limits.cpu]) {
            expect(cores(cpu)).toBeGreaterThanOrEqual(0.5);
            expect(cores(cpu)).toBeLessThanOrEqual(2);
          }
        }
      }
    }
  });

  it("every pod runs as non-root with a read-only root filesystem and no privilege escalation", () => {
    const workloads = objects.filter((d) => d.doc.spec?.template?.spec);
    expect(workloads.map((w) => w.doc.metadata.name).sort()).toEqual(["admin", "db-migrate", "nats", "server", "web"]);
    for (const { file, doc } of workloads) {
      const pod = podSpecOf(doc);
      expect(pod.securityContext.runAsNonRoot, file).toBe(true);
      expect(pod.securityContext.runAsUser, file).toBeGreaterThan(0);
      for (const c of pod.containers as Obj[]) {
        expect(c.securityContext.readOnlyRootFilesystem, `${file}:${c.name}`).toBe(true);
        expect(c.securityContext.allowPrivilegeEscalation, `${file}:${c.name}`).toBe(false);
        expect(c.securityContext.capabilities.drop, `${file}:${c.name}`).toContain("ALL");
        // A read-only root needs a writable /tmp; every mount must name a declared volume.
        const volumes = new Set([
          ...(pod.volumes as Obj[]).map((v) => v.name),
          // A StatefulSet's own volumes (NATS's JetStream store) come from its claim templates.
          ...((doc.spec.volumeClaimTemplates ?? []) as Obj[]).map((v) => v.metadata.name),
        ]);
        expect((c.volumeMounts as Obj[]).some((m) => m.mountPath === "/tmp"), `${file}:${c.name} /tmp`).toBe(true);
        for (const m of c.volumeMounts as Obj[]) expect(volumes.has(m.name), `${file}:${m.name}`).toBe(true);
      }
    }
  });

  it("HPA scales the server on 70% CPU with autoscaling/v2", () => {
    const hpa = find("HorizontalPodAutoscaler", "server");
    expect(hpa.apiVersion).toBe("autoscaling/v2");
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: "Deployment", name: "server" });
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.metrics).toContainEqual({
      type: "Resource",
      resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
    });
  });

  it("Services select their Deployments, and the Ingress routes /trpc and /healthz to the server, / to web, admin.<host> to admin", () => {
    for (const name of ["server", "web", "admin"]) {
      const svc = find("Service", name);
      const dep = find("Deployment", name);
      expect(dep.spec.template.metadata.labels).toMatchObject(svc.spec.selector);
      expect(dep.spec.selector.matchLabels).toMatchObject(svc.spec.selector);
    }
    const ingress = find("Ingress", "caribex");
    const route = (host: string, p: string) => {
      const rule = (ingress.spec.rules as Obj[]).find((r) => r.host === host);
      return (rule?.http.paths as Obj[] | undefined)?.find((x) => x.path === p)?.backend.service;
    };
    const main = ingress.spec.rules[0].host as string;
    expect(route(main, "/trpc")?.name).toBe("server");
    expect(route(main, "/healthz")?.name).toBe("server");
    expect(route(main, "/")?.name).toBe("web");
    expect(route(`admin.${main}`, "/")?.name).toBe("admin");
    // Operational endpoints stay inside the cluster.
    const exposed = (ingress.spec.rules as Obj[]).flatMap((r) => (r.http.paths as Obj[]).map((x) => x.path));
    expect(exposed).not.toContain("/metrics");
    expect(exposed).not.toContain("/readyz");
    // Every backend names an existing Service port.
    for (const r of ingress.spec.rules as Obj[]) {
      for (const p of r.http.paths as Obj[]) {
        const svc = find("Service", p.backend.service.name);
        expect((svc.spec.ports as Obj[]).some((x) => x.name === p.backend.service.port.name)).toBe(true);
      }
    }
  });

  it("the Secret holds only placeholders, which the configuration refuses to boot with", () => {
    const secret = find("Secret", "server-secrets");
    const values = { ...secret.stringData, ...secret.data } as Record<string, string>;
    expect(Object.keys(values).length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(values)) expect(v, k).toMatch(/^REPLACE_ME$/);
    expect(() => parseConfig({ ...find("ConfigMap", "server-config").data, ...values })).toThrow();
  });

  it("ConfigMap and Secret use only variables the configuration schema defines, and make a valid production config", () => {
    const cm = find("ConfigMap", "server-config").data as Record<string, string>;
    const secret = find("Secret", "server-secrets").stringData as Record<string, string>;
    for (const key of [...Object.keys(cm), ...Object.keys(secret)]) expect(schemaKeys.has(key), key).toBe(true);
    // Secrets must not leak into the ConfigMap.
    for (const key of ["DATABASE_URL", "REDIS_URL", "SESSION_SECRET", "JWT_SECRET", "USER_HASH_SECRET"]) {
      expect(cm[key], key).toBeUndefined();
      expect(secret[key], key).toBeDefined();
    }
    const filled = {
      ...cm,
      DATABASE_URL: "postgres://caribex:pw@db.internal:5432/caribex",
      REDIS_URL: "rediss://cache.internal:6379",
      SESSION_SECRET: "s".repeat(48),
      JWT_SECRET: "j".repeat(48),
      USER_HASH_SECRET: "u".repeat(24),
      EIP1271_RPC_URL: "https://rpc.internal",
      S3_ACCESS_KEY_ID: "caribex",
      S3_SECRET_ACCESS_KEY: "k".repeat(40),
    };
    const env = parseConfig(filled);
    // Pictures in a bucket: the pods' root filesystem is read-only, and the Ingress sends /images to the server.
    expect(env.IMAGE_STORE).toBe("s3");
    for (const key of ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) expect(secret[key], key).toBeDefined();
    const ingress = find("Ingress", "caribex");
    for (const rule of ingress.spec.rules as Obj[]) {
      expect((rule.http.paths as Obj[]).find((x) => x.path === "/images")?.backend.service.name, rule.host).toBe("server");
    }
    expect(env.NODE_ENV).toBe("production");
    expect(env.PORT).toBe(8080);
    // /metrics on its own port, which the pods' scrape annotation and container port name; the server starts.
    expect(serverConfigIssues(env)).toEqual([]);
    expect(env.METRICS_PORT).toBe(9464);
    const pod = find("Deployment", "server").spec.template as Obj;
    expect(pod.metadata.annotations["prometheus.io/port"]).toBe(String(env.METRICS_PORT));
    expect((pod.spec.containers[0].ports as Obj[]).map((p) => p.containerPort)).toContain(env.METRICS_PORT);
  });

  it("trusts one proxy hop on every path to the API: the Ingress for /trpc, web and admin for server-side calls", () => {
    const cm = find("ConfigMap", "server-config").data as Record<string, string>;
    expect(cm.TRUST_PROXY).toBe("1");
    const secrets = { SESSION_SECRET: "s".repeat(48), JWT_SECRET: "j".repeat(48), USER_HASH_SECRET: "u".repeat(24), S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "k" };
    expect(parseConfig({ ...cm, ...secrets }).TRUST_PROXY).toBe(1);
    // The browser's /trpc calls go straight from the Ingress to the server...
    const ingress = find("Ingress", "caribex");
    for (const rule of ingress.spec.rules as Obj[]) {
      expect((rule.http.paths as Obj[]).find((x) => x.path === "/trpc")?.backend.service.name, rule.host).toBe("server");
    }
    // ...and web and admin sit behind that same Ingress, passing on the one address it reported.
    for (const app of ["web", "admin"]) {
      const env = podSpecOf(find("Deployment", app)).containers[0].env as Obj[];
      expect(env.find((e) => e.name === "TRUST_PROXY")?.value, app).toBe("1");
    }
  });

  it("the migration Job runs the bundled migrate command with the server image and configuration", () => {
    const job = find("Job", "db-migrate");
    const [c] = podSpecOf(job).containers as Obj[];
    expect(c!.command).toEqual(["node", "dist/migrate.js"]);
    expect(read("apps/server/build.mjs")).toContain("packages/db/src/cli/migrate.ts");
    // The first admin from a shell in a server container (no pnpm there): `node dist/admin-grant.js <address>`.
    expect(read("apps/server/build.mjs")).toContain(`"admin-grant": path.join(here, "../../packages/db/src/cli/admin-grant.ts")`);
    expect(read("deploy/README.md")).toContain("node dist/admin-grant.js");
    expect(c!.image).toBe(podSpecOf(find("Deployment", "server")).containers[0].image);
    expect(c!.envFrom).toEqual(podSpecOf(find("Deployment", "server")).containers[0].envFrom);
    expect(JSON.parse(read("packages/db/package.json")).scripts.migrate).toBeDefined();
  });
});

describe(".env.example", () => {
  it("documents every configuration variable plus the web apps' own and compose's database password, and nothing else", () => {
    const expected = [...schemaKeys, ...webOnlyVars, ...composeOnlyVars].sort();
    expect([...envExample.documented].sort()).toEqual(expected);
  });

  it("is a valid development configuration", () => {
    const env = parseConfig(Object.fromEntries(envExample.active));
    expect(env.NODE_ENV).toBe("development");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });
});

describe("docker-compose.yml", () => {
  const source = read("docker-compose.yml");
  const compose = parse(source, { merge: true }) as Obj;
  const devSource = read("docker-compose.dev.yml");
  const dev = parse(devSource, { merge: true }) as Obj;
  const REF = /\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;
  const refsOf = (text: string) =>
    [...text.matchAll(REF)].map((m) => ({ name: m[1]!, required: m[2]?.endsWith("?") ?? false, fallback: m[2]?.endsWith("-") ? m[3] : undefined }));
  const refs = refsOf(source);
  const REQUIRED = ["JWT_SECRET", "POSTGRES_PASSWORD", "S3_SECRET_ACCESS_KEY", "SESSION_SECRET", "USER_HASH_SECRET"];
  // What `docker compose config` sees: Compose interpolates parsed string values (so "true" stays a string),
  // replacing every reference by the variable's value or its default, and refuses a required one that is unset.
  const interpolate = (v: unknown, vars: Record<string, string> = {}): unknown =>
    typeof v === "string"
      ? v.replace(REF, (_all, name: string, op: string | undefined, rest: string) => {
          const value = vars[name];
          if (value) return value;
          if (op?.endsWith("?")) throw new Error(`required variable ${name} is missing a value: ${rest}`);
          return op?.endsWith("-") ? rest : "";
        })
      : Array.isArray(v)
        ? v.map((x) => interpolate(x, vars))
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolate(x, vars)]))
          : v;
  const production = {
    POSTGRES_PASSWORD: "a".repeat(48),
    SESSION_SECRET: "s".repeat(48),
    JWT_SECRET: "j".repeat(48),
    USER_HASH_SECRET: "u".repeat(24),
    S3_SECRET_ACCESS_KEY: "m".repeat(48),
  };
  const interpolated = interpolate(compose, production) as Obj;
  /** `-f docker-compose.yml -f docker-compose.dev.yml`: mappings merge key by key, the later file winning. */
  const overlay = (base: unknown, over: unknown): unknown =>
    base && over && typeof base === "object" && typeof over === "object" && !Array.isArray(base) && !Array.isArray(over)
      ? Object.fromEntries([...new Set([...Object.keys(base), ...Object.keys(over)])].map((k) => [k, k in over ? overlay((base as Obj)[k], (over as Obj)[k]) : (base as Obj)[k]]))
      : over;
  // Compose 2.29+ checks required variables after merging, so the development override needs none.
  const merged = interpolate(overlay(compose, dev)) as Obj;

  it("matches the Compose specification schema, alone and with the development override", () => {
    const require = createRequire(import.meta.url);
    const schemaPath = path.join(path.dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json");
    const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Obj;
    // The file names the draft-07 meta-schema by an https URL Ajv does not preload; draft-07 is Ajv's default.
    delete schema.$schema;
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    expect(validate(interpolated), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate(merged), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate(dev), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const broken = structuredClone(interpolated);
    broken.services.server.helthcheck = broken.services.server.healthcheck;
    expect(validate(broken)).toBe(false);
  });

  it("references only variables documented in .env.example, each with a default or required with a message", () => {
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      expect(envExample.documented.has(r.name), r.name).toBe(true);
      expect(r.fallback !== undefined || r.required, `${r.name} has a default or is required`).toBe(true);
    }
    expect([...new Set(refs.filter((r) => r.required).map((r) => r.name))].sort()).toEqual(REQUIRED);
    expect(refsOf(devSource)).toEqual([]);
  });

  it("is production-shaped: refuses to start without the secrets, never seeds, no development wallet", () => {
    expect(() => interpolate(compose)).toThrow(/required variable (POSTGRES_PASSWORD|SESSION_SECRET|JWT_SECRET|USER_HASH_SECRET|S3_SECRET_ACCESS_KEY)/);
    for (const name of REQUIRED) {
      const { [name as keyof typeof production]: _left, ...rest } = production;
      expect(() => interpolate(compose, rest), name).toThrow(new RegExp(`required variable ${name} `));
    }
    const env = interpolated.services.server.environment as Record<string, string>;
    const config = parseConfig(env);
    expect(config.NODE_ENV).toBe("production");
    expect(config.DB_SEED_ON_START).toBe(false);
    expect(config.DATABASE_URL).toBe(`postgres://caribex:${production.POSTGRES_PASSWORD}@postgres:5432/caribex`);
    expect(interpolated.services.postgres.environment.POSTGRES_PASSWORD).toBe(production.POSTGRES_PASSWORD);
    for (const app of ["web", "admin"]) {
      expect(interpolated.services[app].environment.NEXT_PUBLIC_DEV_WALLET, app).toBe("false");
      expect(interpolated.services[app].build.args.NEXT_PUBLIC_DEV_WALLET, app).toBe("false");
    }
    // The API is published on the host's loopback only: visitors come in through web and admin.
    expect(interpolated.services.server.ports).toEqual(["127.0.0.1:8080:8080"]);
  });

  it("trusts exactly the one hop in front of the API: web and admin, which browsers reach directly", () => {
    expect(parseConfig(interpolated.services.server.environment as Record<string, string>).TRUST_PROXY).toBe(1);
    for (const app of ["web", "admin"]) expect(interpolated.services[app].environment.TRUST_PROXY, app).toBe("0");
    expect(merged.services.server.environment.TRUST_PROXY).toBe("1");
  });

  it("passes every configuration variable to the server, with the .env.example defaults where not production-fixed", () => {
    const env = compose.services.server.environment as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual([...schemaKeys].sort());
    // The chain is off by default in production: no token address, no treasury key (a secret).
    // Pictures live in MinIO (shared by every instance) and are loaded through the storefront's /images.
    const productionFixed = [
      "NODE_ENV",
      "DB_SEED_ON_START",
      "TRUST_PROXY",
      "DATABASE_URL",
      "USDC_TOKEN_ADDRESS",
      "TREASURY_PRIVATE_KEY",
      "IMAGE_STORE",
      "IMAGE_PUBLIC_URL",
      ...REQUIRED,
    ];
    const defaults = new Map(refs.map((r) => [r.name, r.fallback]));
    for (const [name, value] of envExample.active) {
      if (webOnlyVars.includes(name) || productionFixed.includes(name)) continue;
      expect(defaults.get(name), name).toBe(value);
    }
    const resolved = parseConfig(interpolated.services.server.environment as Record<string, string>);
    expect(serverConfigIssues(resolved)).toEqual([]);
    expect(resolved.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(resolved.REDIS_URL).toBe("redis://redis:6379");
  });

  it("docker-compose.dev.yml: development mode with development secrets, demo data and the development wallet", () => {
    const env = merged.services.server.environment as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual([...schemaKeys].sort());
    const config = parseConfig(env);
    expect(config.NODE_ENV).toBe("development");
    expect(config.DB_SEED_ON_START).toBe(true);
    expect(config.SESSION_SECRET).toMatch(/^dev-only/);
    // The database password it gives PostgreSQL is the one in the server's URL.
    expect(config.DATABASE_URL).toBe(`postgres://caribex:${merged.services.postgres.environment.POSTGRES_PASSWORD}@postgres:5432/caribex`);
    for (const app of ["web", "admin"]) {
      expect(merged.services[app].environment.NEXT_PUBLIC_DEV_WALLET, app).toBe("true");
      expect(merged.services[app].build.args.NEXT_PUBLIC_DEV_WALLET, app).toBe("true");
      expect(merged.services[app].build.dockerfile, app).toBe(`apps/${app}/Dockerfile`);
    }
    // Only overrides: every service it names exists in the base file.
    for (const name of Object.keys(dev.services as Obj)) expect(compose.services[name], name).toBeDefined();
  });

  it("starts the server after healthy PostgreSQL and Redis, with healthchecks and named volumes", () => {
    const s = compose.services as Obj;
    expect(s.postgres.image).toBe("postgres:15");
    expect(s.redis.image).toBe("redis:7");
    for (const name of ["postgres", "redis", "minio", "server", "web", "admin"]) expect(s[name].healthcheck?.test, name).toBeDefined();
    expect(s.server.depends_on).toEqual({
      postgres: { condition: "service_healthy" },
      redis: { condition: "service_healthy" },
      minio: { condition: "service_healthy" },
    });
    expect(s.server.healthcheck.test.join(" ")).toContain("/healthz");
    expect(s.server.env_file).toEqual([{ path: ".env", required: false }]);
    const named = Object.keys(compose.volumes as Obj);
    for (const svc of Object.values(s) as Obj[]) {
      for (const v of (svc.volumes ?? []) as string[]) {
        const src = v.split(":")[0]!;
        if (!src.startsWith(".")) expect(named, v).toContain(src);
        else expect(existsSync(path.join(root, src)), v).toBe(true);
      }
    }
    for (const app of ["server", "web", "admin"]) expect(s[app].build.dockerfile).toBe(`apps/${app}/Dockerfile`);
  });

  it("MinIO holds the product pictures: the server uses it with the same credentials MinIO starts with, in both modes", () => {
    const s = interpolated.services as Obj;
    expect(s.minio.image).toMatch(/^minio\/minio:RELEASE\.\d{4}-\d{2}-\d{2}T/);
    expect(s.minio.command).toEqual(["server", "/data", "--console-address", ":9001"]);
    expect(s.minio.volumes).toEqual(["minio-data:/data"]);
    expect(s.minio.ports.every((p: string) => p.startsWith("127.0.0.1:"))).toBe(true);
    expect(s.minio.profiles).toBeUndefined();
    for (const [mode, file] of [["production", interpolated], ["development", merged]] as const) {
      const config = parseConfig(file.services.server.environment as Record<string, string>);
      expect(config.IMAGE_STORE, mode).toBe("s3");
      expect(config.S3_ENDPOINT, mode).toBe("http://minio:9000");
      expect(config.S3_FORCE_PATH_STYLE, mode).toBe(true);
      expect(config.S3_BUCKET, mode).toBe("caribex-images");
      expect(config.S3_ACCESS_KEY_ID, mode).toBe(file.services.minio.environment.MINIO_ROOT_USER);
      expect(config.S3_SECRET_ACCESS_KEY, mode).toBe(file.services.minio.environment.MINIO_ROOT_PASSWORD);
      // MinIO refuses a root password under 8 characters.
      expect(String(file.services.minio.environment.MINIO_ROOT_PASSWORD).length, mode).toBeGreaterThanOrEqual(8);
      expect(new URL(config.IMAGE_PUBLIC_URL).pathname, mode).toBe("/images");
    }
    // IMAGE_STORE=s3 without its bucket or keys stops start-up, naming them.
    expect(() => parseConfig({ IMAGE_STORE: "s3" })).toThrow(/S3_BUCKET[\s\S]*S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/);
  });

  it("observability profile: Prometheus scrapes server:9464/metrics (METRICS_PORT, not the public port), Grafana is provisioned, Jaeger takes OTLP on 4318", () => {
    const s = compose.services as Obj;
    for (const name of ["prometheus", "grafana", "jaeger"]) expect(s[name].profiles).toEqual(["observability"]);
    for (const name of ["postgres", "redis", "server", "web", "admin"]) expect(s[name].profiles).toBeUndefined();
    expect(s.jaeger.ports).toContain("4318:4318");
    expect(s.jaeger.environment.COLLECTOR_OTLP_ENABLED).toBe("true");

    const prom = parse(read("deploy/prometheus/prometheus.yml")) as Obj;
    const job = (prom.scrape_configs as Obj[]).find((j) => j.job_name === "caribex-server")!;
    expect(job.metrics_path).toBe("/metrics");
    expect(job.static_configs[0].targets).toEqual(["server:9464"]);
    expect(s.server.environment.METRICS_PORT).toBe("${METRICS_PORT:-9464}");
    // Not published: only the compose network reaches it.
    expect(JSON.stringify(s.server.ports ?? [])).not.toContain("9464");

    const ds = parse(read("deploy/grafana/provisioning/datasources/prometheus.yml")) as Obj;
    expect(ds.datasources[0]).toMatchObject({ type: "prometheus", uid: "prometheus", url: "http://prometheus:9090" });
    const provider = parse(read("deploy/grafana/provisioning/dashboards/caribex.yml")) as Obj;
    const dashDir = provider.providers[0].options.path as string;
    expect(s.grafana.volumes).toContain(`./deploy/grafana/caribex-dashboard.json:${dashDir}/caribex-dashboard.json:ro`);
  });
});

describe("Dockerfiles", () => {
  const pnpmVersion = (JSON.parse(read("package.json")) as Obj).packageManager.split("@")[1] as string;
  const apps = [
    { app: "server", health: "/healthz", port: 8080 },
    { app: "web", health: "/", port: 3000 },
    { app: "admin", health: "/", port: 3001 },
  ];
  for (const { app, health, port } of apps) {
    it(`${app}: pruned multi-stage build on node:24-bookworm-slim, compiled output only, non-root, healthcheck on ${health}`, () => {
      const text = read("apps", app, "Dockerfile").replace(/\\\n/g, " ");
      const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
      expect(lines).toContain("ARG NODE_IMAGE=node:24-bookworm-slim");
      expect(lines.filter((l) => l.startsWith("FROM ")).length).toBeGreaterThanOrEqual(3);
      expect(text).toContain(`npm i -g pnpm@${pnpmVersion}`);
      expect(text).toContain(`turbo prune @caribex/${app} --docker`);
      expect(text).toContain("COPY --from=pruner /app/out/json/ .");
      expect(text).toMatch(/pnpm install --frozen-lockfile/);
      expect(text).toContain("COPY --from=pruner /app/out/full/ .");
      // The last stage is the image: it must switch to a non-root user and probe with node (no curl in slim).
      const last = text.slice(text.lastIndexOf("\nFROM "));
      expect(last).toMatch(/\nUSER node\n/);
      expect(last).toMatch(new RegExp(`HEALTHCHECK .*CMD \\["node", "-e", ".*${health === "/" ? `:${port}/'` : "/healthz"}`));
      expect(last).toContain(`EXPOSE ${port}`);
      expect(last).toContain(app === "server" ? `CMD ["node", "--enable-source-maps", "dist/main.js"]` : `CMD ["node", "apps/${app}/server.js"]`);
      // The image holds built output only: no pnpm, turbo, tsx or TypeScript in the last stage.
      expect(last).not.toMatch(/npm i -g|tsx|turbo|pnpm/);
      if (app === "server") expect(text).toContain("pnpm --filter @caribex/server deploy --prod");
      else {
        expect(read("apps", app, "next.config.ts")).toMatch(/output: "standalone"/);
        expect(last).toContain(`COPY --from=builder --chown=node:node /app/apps/${app}/.next/standalone ./`);
      }
      expect((JSON.parse(read("apps", app, "package.json")) as Obj).scripts.start).toBeDefined();
    });
  }

  it("server image carries the SQL migrations; .dockerignore keeps local state and secrets out", () => {
    expect(read("apps/server/Dockerfile")).toContain("COPY --from=pruner /app/drizzle ./drizzle");
    const ignore = read(".dockerignore").split("\n");
    for (const p of ["**/node_modules", "**/.next", ".git", ".env", ".data"]) expect(ignore).toContain(p);
  });
});

describe("Grafana dashboard", () => {
  const dashboard = JSON.parse(read("deploy/grafana/caribex-dashboard.json")) as Obj;
  const panels = (dashboard.panels as Obj[]).filter((p) => p.type !== "row");
  const exprs = panels.flatMap((p) => (p.targets as Obj[]).map((t) => t.expr as string));
  // Series the server exports: the observability package's own and prom-client's default process metrics.
  const known = [
    "CaribEX_requests_total",
    "CaribEX_request_duration_seconds_bucket",
    "CaribEX_cache_hits_total",
    "CaribEX_cache_misses_total",
    "CaribEX_wallet_transactions_total",
    "CaribEX_db_query_duration_seconds_bucket",
    "CaribEX_db_pool_in_use",
    "CaribEX_cache_l1_size_bytes",
    "CaribEX_job_runs_total",
    "CaribEX_job_duration_seconds_bucket",
    "nodejs_eventloop_lag_seconds",
    "nodejs_eventloop_lag_p99_seconds",
    "process_resident_memory_bytes",
  ];

  it("is a schemaVersion ~39 dashboard with a Prometheus datasource variable used by every panel", () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(38);
    expect(dashboard.schemaVersion).toBeLessThanOrEqual(41);
    expect(dashboard.uid).toBeTruthy();
    const dsVar = (dashboard.templating.list as Obj[]).find((v) => v.type === "datasource");
    expect(dsVar).toMatchObject({ query: "prometheus" });
    const ids = new Set<number>();
    for (const p of panels) {
      expect(p.datasource, p.title).toEqual({ type: "prometheus", uid: `\${${dsVar!.name}}` });
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      expect(ids.has(p.id), `duplicate panel id ${p.id}`).toBe(false);
      ids.add(p.id);
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    }
  });

  it("every query reads only metrics the server exports", () => {
    const metricsSource = read("packages/observability/src/metrics.ts") + read("packages/observability/src/job-metrics.ts");
    for (const expr of exprs) {
      const names = expr.match(/\b(CaribEX|nodejs|process)_[A-Za-z0-9_]+/g) ?? [];
      expect(names.length, expr).toBeGreaterThan(0);
      for (const n of names) {
        expect(known, `${n} in ${expr}`).toContain(n);
        if (n.startsWith("CaribEX_")) expect(metricsSource, n).toContain(`"${n.replace(/_bucket$/, "")}"`);
      }
    }
  });

  it("has the panels operators need", () => {
    const has = (re: RegExp) => exprs.some((e) => re.test(e));
    expect(has(/sum by \(path\) \(rate\(CaribEX_requests_total/)).toBe(true);
    expect(has(/status=~"\[45\]\.\."/)).toBe(true);
    expect(has(/status=~"5\.\."/)).toBe(true);
    expect(has(/histogram_quantile\(0\.5, sum by \(le, path\) \(rate\(CaribEX_request_duration_seconds_bucket/)).toBe(true);
    expect(has(/histogram_quantile\(0\.99, sum by \(le, path\) \(rate\(CaribEX_request_duration_seconds_bucket/)).toBe(true);
    expect(has(/sum by \(level\) .*CaribEX_cache_hits_total.*\/ \(.*CaribEX_cache_hits_total.*\+.*CaribEX_cache_misses_total/)).toBe(true);
    expect(has(/sum by \(type, status\) \(rate\(CaribEX_wallet_transactions_total/)).toBe(true);
    expect(has(/histogram_quantile\(0\.99, .*CaribEX_db_query_duration_seconds_bucket/)).toBe(true);
    expect(has(/nodejs_eventloop_lag/)).toBe(true);
    expect(has(/process_resident_memory_bytes/)).toBe(true);
    expect(has(/sum by \(job, outcome\) \(rate\(CaribEX_job_runs_total/)).toBe(true);
    expect(has(/histogram_quantile\(0\.99, sum by \(le, job\) \(rate\(CaribEX_job_duration_seconds_bucket/)).toBe(true);
  });
});
