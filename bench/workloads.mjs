// The benchmark workloads: deterministic events (seeded generator), a mapping and an FQL
// trigger each. Every event of a workload matches its trigger, so every implementation runs the
// trigger and the mapping for every event and the outputs can be compared one to one.
import { performance } from 'node:perf_hooks';

// mulberry32: a small seeded generator, so every run (and every machine) gets the same events.
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Jane', 'Omar', 'Mei', 'Lukas', 'Ana', 'Kofi', 'Priya', 'Sven', 'Zoë', 'Tomás'];
const LAST = ['Doe', 'Haddad', 'Chen', 'Müller', 'Silva', 'Mensah', 'Patel', 'Berg', 'Roux', 'Ortiz'];
const CITIES = ['Berlin', 'Lagos', 'Austin', 'Kyoto', 'Lisbon', 'Pune', 'Oslo', 'Lyon'];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}
function id(r, prefix, n = 16) {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let s = prefix;
  for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
  return s;
}
function timestamp(r) {
  const t = Date.UTC(2024, 1, 1) + Math.floor(r() * 30 * 86400e3);
  return new Date(t).toISOString();
}

// An Engage "Audience Entered" Track event as Segment sends it to a destination (~480 bytes).
function engageTrack(r) {
  const first = pick(r, FIRST);
  const user = id(r, 'user_', 8);
  return {
    type: 'track',
    event: 'Audience Entered',
    userId: user,
    messageId: id(r, 'personas_', 12),
    timestamp: timestamp(r),
    properties: {
      audience_key: 'high_value_users',
      high_value_users: true,
      first_name: first,
    },
    context: {
      traits: { email: `${first.toLowerCase()}.${user}@example.com` },
      personas: {
        computation_class: 'audience',
        computation_id: 'aud_2Q9n7TmnX0Hc',
        computation_key: 'high_value_users',
        space_id: 'spa_w5akhv1XwnGj5j2HVT6NWX',
      },
    },
    integrations: { All: false, Braze: true },
  };
}

// An Identify with 50 traits: nested address, numbers, booleans, dates, a list.
function identify50(r) {
  const first = pick(r, FIRST);
  const last = pick(r, LAST);
  const user = id(r, 'user_', 10);
  const traits = {
    email: `${first.toLowerCase()}.${last.toLowerCase()}.${user}@example.com`,
    first_name: first,
    last_name: last,
    phone: `+1 555 ${String(Math.floor(r() * 1e7)).padStart(7, '0')}`,
    address: { street: `${Math.floor(r() * 999)} Main St`, city: pick(r, CITIES), postal_code: String(10000 + Math.floor(r() * 89999)), country: 'US' },
    plan: pick(r, ['free', 'pro', 'enterprise']),
    created_at: timestamp(r),
    logins: Math.floor(r() * 500),
    lifetime_value: Math.round(r() * 100000) / 100,
    high_value_users: true,
    newsletter: r() < 0.5,
    tags: ['beta', pick(r, ['mobile', 'web', 'api'])],
  };
  for (let i = Object.keys(traits).length; i < 50; i++) {
    const kind = i % 4;
    traits[`trait_${i}`] = kind === 0 ? Math.floor(r() * 1e6) : kind === 1 ? id(r, 'v', 12) : kind === 2 ? r() < 0.5 : timestamp(r);
  }
  return {
    type: 'identify',
    userId: user,
    messageId: id(r, 'personas_', 20),
    timestamp: timestamp(r),
    traits,
    context: {
      personas: { computation_class: 'audience', computation_key: 'high_value_users', space_id: 'spa_w5akhv1XwnGj5j2HVT6NWX' },
    },
  };
}

// An "Order Completed" Track event of about 32 KB: a long product list.
function order32k(r) {
  const user = id(r, 'user_', 10);
  const products = [];
  for (let i = 0; i < 86; i++) {
    products.push({
      product_id: id(r, 'prod_', 12),
      sku: id(r, 'SKU-', 8),
      category: pick(r, ['Games', 'Books', 'Garden', 'Kitchen', 'Sports']),
      name: `${pick(r, ['Blue', 'Red', 'Tiny', 'Grand'])} ${pick(r, ['Widget', 'Lamp', 'Kettle', 'Novel', 'Ball'])} ${i}`,
      brand: pick(r, ['Acme', 'Globex', 'Initech', 'Umbrella']),
      variant: pick(r, ['S', 'M', 'L', 'XL']),
      price: Math.round(r() * 10000) / 100,
      quantity: 1 + Math.floor(r() * 4),
      coupon: r() < 0.2 ? 'SPRING' : null,
      position: i,
      url: `https://shop.example.com/p/${id(r, '', 10)}`,
      image_url: `https://cdn.example.com/i/${id(r, '', 16)}.jpg`,
      description: 'Lorem ipsum dolor sit amet, "quoted" text with ünïcödé.',
    });
  }
  return {
    type: 'track',
    event: 'Order Completed',
    userId: user,
    messageId: id(r, 'msg_', 20),
    timestamp: timestamp(r),
    properties: { order_id: id(r, 'ord_', 10), revenue: Math.round(r() * 1e6) / 100, currency: 'USD', products },
    context: { traits: { email: `${user}@example.com` }, ip: '203.0.113.9' },
  };
}

const engageMapping = {
  external_id: { '@path': '$.userId' },
  email: { '@path': '$.context.traits.email' },
  event_name: { '@path': '$.event' },
  time: { '@path': '$.timestamp' },
  audience_key: { '@path': '$.context.personas.computation_key' },
  in_audience: { '@path': '$.properties.high_value_users' },
  message_id: { '@path': '$.messageId' },
  source: { '@template': 'engage:{{context.personas.space_id}}' },
};
const engageTrigger = 'type = "track" and event = "Audience Entered" and properties.audience_key = "high_value_users"';

export const workloads = [
  {
    name: 'track-8',
    title: 'Engage Track, 8 fields',
    count: 50_000,
    make: engageTrack,
    mapping: engageMapping,
    trigger: engageTrigger,
  },
  {
    name: 'identify-50',
    title: 'Identify, 50 traits',
    count: 50_000,
    make: identify50,
    mapping: {
      external_id: { '@path': '$.userId' },
      email: { '@path': '$.traits.email' },
      first_name: { '@path': '$.traits.first_name' },
      last_name: { '@path': '$.traits.last_name' },
      phone: { '@path': '$.traits.phone' },
      city: { '@path': '$.traits.address.city' },
      in_audience: { '@path': '$.traits.high_value_users' },
      attributes: { '@path': '$.traits' },
    },
    trigger: 'type = "identify" and traits.high_value_users = true',
  },
  {
    name: 'order-32k',
    title: 'Track, 32 KB',
    count: 2_000,
    make: order32k,
    mapping: {
      order_id: { '@path': '$.properties.order_id' },
      revenue: { '@path': '$.properties.revenue' },
      currency: { '@path': '$.properties.currency' },
      email: { '@path': '$.context.traits.email' },
      user_id: { '@path': '$.userId' },
      event_name: { '@path': '$.event' },
      time: { '@path': '$.timestamp' },
      products: {
        '@arrayPath': [
          '$.properties.products',
          {
            id: { '@path': '$.product_id' },
            sku: { '@path': '$.sku' },
            name: { '@path': '$.name' },
            price: { '@path': '$.price' },
            quantity: { '@path': '$.quantity' },
          },
        ],
      },
    },
    trigger: 'type = "track" and event = "Order Completed"',
  },
  {
    name: 'directives',
    title: 'Every directive but @liquid',
    count: 50_000,
    make: engageTrack,
    mapping: {
      user: { '@path': '$.userId' },
      greeting: { '@template': 'Hi {{properties.first_name}} <{{context.traits.email}}>' },
      source: { '@literal': 'engage' },
      email: {
        '@if': {
          exists: { '@path': '$.context.traits.email' },
          then: { '@path': '$.context.traits.email' },
          else: { '@path': '$.properties.email' },
        },
      },
      has_name: { '@if': { blank: { '@path': '$.properties.first_name' }, then: true, else: 'no' } },
      name_upper: { '@case': { operator: 'upper', value: { '@path': '$.properties.first_name' } } },
      audience: { '@replace': { pattern: '_', replacement: ' ', value: { '@path': '$.properties.audience_key' } } },
      personas: {
        '@arrayPath': ['$.context.personas', { key: { '@path': '$.computation_key' }, id: { '@path': '$.computation_id' } }],
      },
      merged: {
        '@merge': {
          direction: 'right',
          objects: [{ '@path': '$.context.personas' }, { audience: { '@path': '$.properties.audience_key' } }],
        },
      },
      flat: { '@flatten': { separator: '.', value: { '@path': '$.context' } } },
      properties_json: { '@json': { mode: 'encode', value: { '@path': '$.properties' } } },
      round_trip: {
        '@json': { mode: 'decode', value: { '@json': { mode: 'encode', value: { '@path': '$.integrations' } } } },
      },
      traits: { '@excludeWhenNull': { '@path': '$.context.traits' } },
      nested: {
        '@transform': {
          apply: { key: { '@path': '$.context.personas.computation_key' } },
          mapping: { audience_key: { '@path': '$.key' } },
        },
      },
    },
    trigger: engageTrigger,
  },
];

// The NDJSON text of `count` events of a workload (the first `count` of its fixed sequence).
export function ndjson(workload, count = workload.count) {
  const r = rng(0x5e6 + workload.name.length * 7919);
  const lines = new Array(count);
  for (let i = 0; i < count; i++) lines[i] = JSON.stringify(workload.make(r));
  return lines.join('\n') + '\n';
}

// Runs `run` once on the first events of `text` (to warm the JIT and caches), then `reps` times on
// all of it; the seconds of each timed run and the last run's result.
export function timeRuns(run, text, reps) {
  run(text.slice(0, text.indexOf('\n', Math.min(text.length - 1, 2_000_000)) + 1));
  const seconds = [];
  let result = '';
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    result = run(text);
    seconds.push((performance.now() - t0) / 1000);
  }
  return { seconds, result };
}

