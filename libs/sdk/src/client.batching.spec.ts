import { describe, expect, it } from 'vitest';
import { createMedicaLinkClient } from './client.js';
import { doctor, fakeFetch, gatewayError, json, recordingSleep } from '../test/fake-fetch.js';

/** Answers GET /doctors?ids= with the doctors asked for, except the ids in `missing`. */
function doctorsGateway(missing: string[] = []) {
  return fakeFetch((request) => {
    if (request.path === '/doctors') {
      const ids = (request.url.searchParams.get('ids') ?? '').split(',');
      const data = ids.filter((id) => !missing.includes(id)).map(doctor);
      return json(200, { data, meta: {}, cache: { hit: false, ttl: 300 } });
    }
    const id = request.path.split('/').pop()!;
    return missing.includes(id)
      ? gatewayError(404, 'Doctor not found')
      : json(200, { data: doctor(id), cache: { hit: true, ttl: 10 } });
  });
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `d${i}`);

describe('getDoctor batching', () => {
  it('sends the getDoctor calls of one tick as one GET /doctors?ids=', async () => {
    const fetch = doctorsGateway();
    const client = createMedicaLinkClient({ token: 't', fetch });

    const results = await Promise.all(ids(5).map((id) => client.getDoctor(id)));

    expect(fetch.requests).toHaveLength(1);
    expect(fetch.requests[0]!.url.searchParams.get('ids')).toBe('d0,d1,d2,d3,d4');
    expect(results.map((result) => result.data?.id)).toEqual(ids(5));
    expect(results[0]!.details).toEqual({ cache: { hit: false, ttl: 300 } });
  });

  it('splits above batchSize into requests of at most batchSize ids', async () => {
    const fetch = doctorsGateway();
    const client = createMedicaLinkClient({ token: 't', fetch, batchSize: 10 });

    const results = await Promise.all(ids(25).map((id) => client.getDoctor(id)));

    expect(results.every((result) => result.success)).toBe(true);
    expect(fetch.requests.map((r) => r.url.searchParams.get('ids')!.split(',').length)).toEqual([
      10, 10, 5,
    ]);
  });

  it('asks for an id once however many callers want it', async () => {
    const fetch = doctorsGateway();
    const client = createMedicaLinkClient({ token: 't', fetch });
    const results = await Promise.all(['a', 'b', 'a', 'a'].map((id) => client.getDoctor(id)));
    expect(fetch.requests[0]!.url.searchParams.get('ids')).toBe('a,b');
    expect(results.map((result) => result.data?.id)).toEqual(['a', 'b', 'a', 'a']);
  });

  it('answers 404 to the caller of an id the batch did not return', async () => {
    const fetch = doctorsGateway(['d1']);
    const client = createMedicaLinkClient({ token: 't', fetch });
    const [found, missing] = await Promise.all([client.getDoctor('d0'), client.getDoctor('d1')]);
    expect(found.success).toBe(true);
    expect(missing).toMatchObject({ success: false, status: 404, error: 'Doctor d1 not found' });
  });

  it('asks for each id alone when a malformed id makes the gateway refuse the batch (400)', async () => {
    const fetch = fakeFetch((request) => {
      if (request.path === '/doctors')
        return gatewayError(400, 'Validation failed', { errors: ['ids.1: must be a UUID'] });
      const id = request.path.split('/').pop()!;
      return id === 'bad'
        ? gatewayError(400, 'Validation failed', { errors: ['id: must be a UUID'] })
        : json(200, { data: doctor(id), cache: { hit: false, ttl: 300 } });
    });
    const client = createMedicaLinkClient({ token: 't', fetch });

    const [good, bad] = await Promise.all([client.getDoctor('d1'), client.getDoctor('bad')]);

    expect(good).toMatchObject({ success: true, data: { id: 'd1' } });
    expect(bad).toMatchObject({
      success: false,
      status: 400,
      error: 'Validation failed: id: must be a UUID',
    });
    expect(fetch.requests.map((request) => request.path)).toEqual([
      '/doctors',
      '/doctors/d1',
      '/doctors/bad',
    ]);
  });

  it('fails every caller of a batch whose request failed, after its retries', async () => {
    const fetch = fakeFetch(() => gatewayError(403, 'Forbidden'));
    const client = createMedicaLinkClient({ token: 't', fetch, sleep: recordingSleep() });
    const results = await Promise.all(ids(3).map((id) => client.getDoctor(id)));
    expect(results.map((result) => result.status)).toEqual([403, 403, 403]);
    expect(fetch.requests).toHaveLength(1);
  });

  it('sends one GET /doctors/:id per call with batching off', async () => {
    const fetch = doctorsGateway();
    const client = createMedicaLinkClient({ token: 't', fetch, enableBatching: false });
    const results = await Promise.all(ids(3).map((id) => client.getDoctor(id)));
    expect(fetch.requests.map((request) => request.path)).toEqual([
      '/doctors/d0',
      '/doctors/d1',
      '/doctors/d2',
    ]);
    expect(results[2]).toMatchObject({
      success: true,
      data: { id: 'd2' },
      details: { cache: { hit: true } },
    });
  });

  it('refuses a batchSize above the gateway limit of 100', () => {
    expect(() => createMedicaLinkClient({ batchSize: 101 })).toThrow(/at most 100/);
  });
});
