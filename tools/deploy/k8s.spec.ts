import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_SUBSCRIPTIONS, HEALTH_CHECKED_SERVICES } from '@medicalink/contracts';
import { rpcQueueName, topologyFor } from '@medicalink/messaging';
import { APP_PORT_VARIABLES, MEDICALINK_APPS, type MedicalinkApp } from '@medicalink/testing';
import { ManifestValidator } from './k8s-schemas';
import { renderKustomization, type Manifest } from './kustomize';

const k8sDir = join(__dirname, '../../deploy/k8s');
const validator = new ManifestValidator(join(k8sDir, 'schemas'));
const base = renderKustomization(join(k8sDir, 'base'));
const overlay = renderKustomization(join(k8sDir, 'overlays/example'));

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { terminationGracePeriodSeconds?: number; containers: Container[] };
}

const find = (manifests: Manifest[], kind: string, name?: string) =>
  manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
const one = (manifests: Manifest[], kind: string, name: string) => {
  const found = find(manifests, kind, name);
  expect(found, `${kind} ${name}`).toHaveLength(1);
  return found[0] as Manifest & { spec: Record<string, unknown> };
};
const template = (deployment: Manifest) =>
  (deployment as unknown as { spec: { template: PodTemplate } }).spec.template;
const config = one(base, 'ConfigMap', 'medicalink-config') as unknown as {
  data: Record<string, string>;
};
const prefix = config.data['MESSAGING_PREFIX']!;
/** the service name an app's RPC patterns and queues carry */
const rpcService = (app: MedicalinkApp) =>
  app === 'api-gateway' ? 'gateway' : HEALTH_CHECKED_SERVICES[app].service;

describe('deploy/k8s', () => {
  // compiling the large Kubernetes and CRD schemas takes seconds on a busy machine
  it.each([
    ['base', base],
    ['overlays/example', overlay],
  ])(
    '%s: every manifest is valid against the Kubernetes and CRD schemas',
    { timeout: 60_000 },
    (_, manifests) => {
      expect(manifests.length).toBeGreaterThan(20);
      const invalid = manifests
        .map((m) => ({ manifest: `${m.kind} ${m.metadata.name}`, errors: validator.errors(m) }))
        .filter((result) => result.errors.length > 0);

      expect(invalid).toEqual([]);
    },
  );

  it(
    'rejects what a cluster would reject: a misspelt field, a wrong type, an unknown kind',
    { timeout: 60_000 },
    () => {
      const deployment = structuredClone(one(base, 'Deployment', 'accounts'));
      deployment.spec['replica'] = 2;
      expect(validator.errors(deployment)).toContain(
        '/spec: must NOT have additional properties (replica)',
      );

      const cluster = structuredClone(one(base, 'Cluster', 'medicalink-postgres'));
      cluster.spec['instances'] = 'three';
      expect(validator.errors(cluster).join('\n')).toMatch(/\/spec\/instances: must be integer/);

      const unknown = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' } };
      expect(validator.errors(unknown)).toEqual([
        'no schema shipped for example.com/v1/Thing: add it to fetch-schemas.mjs',
      ]);
    },
  );

  it.each(MEDICALINK_APPS)(
    '%s: a Deployment with health probes on its own port, resources, and a drain that fits the grace period',
    (app) => {
      const pod = template(one(base, 'Deployment', app));
      const [container] = pod.spec.containers;
      const port = container?.env?.find((e) => e.name === APP_PORT_VARIABLES[app])?.value;
      const http = container?.ports?.find((p) => p.name === 'http');

      expect(Number(port)).toBe(http?.containerPort);
      for (const probe of [container?.readinessProbe, container?.livenessProbe]) {
        expect(probe?.httpGet).toEqual({ path: '/health', port: 'http' });
      }
      for (const bound of ['requests', 'limits'] as const) {
        expect(Object.keys(container?.resources?.[bound] ?? {}).sort()).toEqual(['cpu', 'memory']);
      }
      const drainMs = Number(config.data['SHUTDOWN_TIMEOUT_MS']);
      expect(drainMs).toBeGreaterThan(0);
      expect((pod.spec.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(drainMs);
    },
  );

  it('binds every listener to the pod address (probes reach it there), and scrapes no gateway anonymously', () => {
    // the apps' default is loopback, where neither the kubelet nor Prometheus can reach them
    expect(config.data['HTTP_HOST']).toBe('0.0.0.0');
    const gateway = one(base, 'Deployment', 'api-gateway') as unknown as {
      spec: { template: { metadata: { annotations?: Record<string, string> } } };
    };
    // its /metrics wants an admin or main token: an anonymous scrape would only collect 401s
    expect(gateway.spec.template.metadata.annotations?.['prometheus.io/scrape']).toBeUndefined();
  });

  it.each(MEDICALINK_APPS)('%s: a PodDisruptionBudget that selects its pods', (app) => {
    const labels = template(one(base, 'Deployment', app)).metadata.labels;
    const budget = one(base, 'PodDisruptionBudget', app).spec as {
      minAvailable?: number;
      selector: { matchLabels: Record<string, string> };
    };

    expect(labels).toMatchObject(budget.selector.matchLabels);
    expect(budget.minAvailable).toBeGreaterThanOrEqual(1);
  });

  it('keeps every secret in Secrets: no Secret object, every credential from a secretKeyRef', () => {
    for (const manifests of [base, overlay]) expect(find(manifests, 'Secret')).toEqual([]);
    const env = find(overlay, 'Deployment').flatMap((d) =>
      template(d).spec.containers.flatMap((c) => c.env ?? []),
    );
    const credentials = env.filter((e) => /SECRET|PASSWORD|_KEY$|_USER$/.test(e.name));
    expect(credentials.length).toBeGreaterThan(10);
    for (const variable of credentials) {
      expect(variable.valueFrom?.secretKeyRef, variable.name).toBeDefined();
    }
    // URLs are composed from those variables by Kubernetes, never written with a credential
    for (const variable of env.filter((e) => e.name.endsWith('_URL'))) {
      expect(variable.value, variable.name).toMatch(/^[a-z]+:\/\/[^@]*\$\([A-Z_]+\)@/);
    }
  });

  it('runs RabbitMQ with quorum queues, PostgreSQL under CloudNativePG and Redis with replicas', () => {
    expect(config.data['MESSAGING_QUEUE_TYPE']).toBe('quorum');
    expect(one(base, 'RabbitmqCluster', 'medicalink-rabbitmq').spec['replicas']).toBe(3);

    const postgres = one(base, 'Cluster', 'medicalink-postgres').spec as {
      instances: number;
      managed: { roles: { name: string; createdb: boolean; passwordSecret: { name: string } }[] };
    };
    expect(postgres.instances).toBeGreaterThanOrEqual(2);
    expect(postgres.managed.roles).toEqual([
      expect.objectContaining({
        createdb: true,
        passwordSecret: { name: 'medicalink-postgres-app' },
      }),
    ]);

    const redis = one(base, 'StatefulSet', 'redis').spec as {
      replicas: number;
      template: { spec: { containers: { command: string[] }[] } };
    };
    expect(redis.replicas).toBeGreaterThanOrEqual(2);
    expect(redis.template.spec.containers[0]?.command.join(' ')).toContain('--replicaof redis-0');
    const primary = one(base, 'Service', 'redis').spec as { selector: Record<string, string> };
    expect(primary.selector['statefulset.kubernetes.io/pod-name']).toBe('redis-0');
  });

  it('scales every service on the depth of the queues it consumes (KEDA), the gateway on CPU', () => {
    const auth = find(base, 'TriggerAuthentication').map((m) => m.metadata.name);
    for (const app of MEDICALINK_APPS.filter((a) => a !== 'api-gateway')) {
      const service = rpcService(app);
      const scaled = one(base, 'ScaledObject', app).spec as {
        scaleTargetRef: { name: string };
        minReplicaCount: number;
        triggers: {
          type: string;
          metadata: { queueName: string; mode: string };
          authenticationRef: { name: string };
        }[];
      };
      const consumed = [
        rpcQueueName(prefix, service),
        ...(EVENT_SUBSCRIPTIONS[service] ? [topologyFor(prefix, service).eventsQueue] : []),
      ];

      expect(scaled.scaleTargetRef.name).toBe(app);
      expect(scaled.minReplicaCount).toBeGreaterThanOrEqual(2);
      expect(scaled.triggers.map((t) => t.metadata.queueName).sort()).toEqual(consumed.sort());
      for (const trigger of scaled.triggers) {
        expect(trigger).toMatchObject({ type: 'rabbitmq', metadata: { mode: 'QueueLength' } });
        expect(auth).toContain(trigger.authenticationRef.name);
      }
    }
    expect(find(base, 'ScaledObject', 'api-gateway')).toEqual([]);
    const hpa = one(base, 'HorizontalPodAutoscaler', 'api-gateway').spec as {
      scaleTargetRef: { kind: string; name: string };
      metrics: { resource: { name: string } }[];
    };
    expect(hpa.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'api-gateway' });
    expect(hpa.metrics.map((m) => m.resource.name)).toEqual(['cpu']);
  });

  it('overlays/example: its namespace, images and patches land on the base', () => {
    expect(overlay.every((m) => m.metadata.namespace === 'medicalink')).toBe(true);
    for (const app of MEDICALINK_APPS) {
      const [container] = template(one(overlay, 'Deployment', app)).spec.containers;
      expect(container?.image).toBe(`registry.example.com/medicalink/${app}:0.1.0`);
    }
    const gateway = template(one(overlay, 'Deployment', 'api-gateway')).spec.containers[0];
    expect(gateway?.env?.find((e) => e.name === 'TRUST_PROXY')?.value).toBe('10.244.0.0/16');
    // the patch added a variable and kept the base's
    expect(gateway?.env?.find((e) => e.name === 'JWT_SECRET')?.valueFrom).toBeDefined();
    expect(one(overlay, 'Cluster', 'medicalink-postgres').spec['storage']).toEqual({
      size: '50Gi',
    });
    expect(find(overlay, 'Ingress', 'api-gateway')).toHaveLength(1);
  });
});
