// Time to the first streamed chunk: N streamed chat completions one after another, each timed from sending the
// request to the first body bytes that hold an SSE "data:" line. Prints "p50=…ms p99=…ms n=…".
// Usage: node first-chunk.mjs URL [KEY] [N] [extra headers k=v;k=v]
import http from 'node:http';
const [url, key = 'sk-fake', n = '300', extra = ''] = process.argv.slice(2);
const target = new URL(url.replace(/\/$/, '') + '/v1/chat/completions');
const headers = { 'content-type': 'application/json', authorization: 'Bearer ' + key };
for (const pair of extra.split(';').filter(Boolean)) { const i = pair.indexOf('='); headers[pair.slice(0, i)] = pair.slice(i + 1); }
const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, max_tokens: 50, messages: [{ role: 'user', content: 'Say hello' }] });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const once = () => new Promise((resolve, reject) => {
  const start = process.hrtime.bigint();
  let first = null;
  const req = http.request(target, { method: 'POST', headers, agent }, res => {
    if (res.statusCode !== 200) reject(new Error('status ' + res.statusCode));
    res.on('data', chunk => { if (first === null && chunk.includes('data:')) first = process.hrtime.bigint(); });
    res.on('end', () => first === null ? reject(new Error('no data')) : resolve(Number(first - start) / 1e6));
  });
  req.on('error', reject);
  req.end(body);
});
const times = [];
for (let i = 0; i < Number(n) + 50; i++) { const t = await once(); if (i >= 50) times.push(t); } // 50 to warm up
times.sort((a, b) => a - b);
const at = p => times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(2);
console.log(`p50=${at(0.5)}ms p99=${at(0.99)}ms n=${times.length}`);
agent.destroy();
