// node engine/bin/run-ts.mjs bench/ui-list-trace.ts <trace.json>: where the renderer's main thread spent the
// time between the marks `tessera:list-data` and `bench:rows-painted` of a trace written by bench/ui-list.ts
// (BENCH_UI_TRACE=<file>): self time per trace event (scripting, style, layout, paint…), and the JavaScript
// self and total time per function and per source file from the sampling profiler. Function names are
// readable with an unminified build: BENCH_UI_DIST=<dir> (see bench/README.md).
import fs from 'node:fs';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { data?: ProfileData & { startTime?: number } };
}
interface CallFrame {
  functionName: string;
  url?: string;
  lineNumber?: number;
  columnNumber?: number;
}
interface ProfileData {
  cpuProfile?: { nodes?: Array<{ id: number; callFrame: CallFrame; parent?: number }>; samples?: number[] };
  timeDeltas?: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: bench/ui-list-trace.ts <trace.json>');
const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;

const mark = (name: string) => events.find((e) => e.name === name && e.cat.includes('user_timing'));
const start = mark('tessera:list-data');
const end = mark('bench:rows-painted');
if (!start || !end) throw new Error('the trace has no tessera:list-data / bench:rows-painted marks');
const main = { pid: start.pid, tid: start.tid };
const from = start.ts;
const to = end.ts;
console.log(`window: ${((to - from) / 1000).toFixed(1)} ms from tessera:list-data to bench:rows-painted`);

// Self time per complete event on the main thread, clipped to the window.
const complete = events
  .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.dur !== undefined && e.ts < to && e.ts + (e.dur ?? 0) > from)
  .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
const self = new Map<string, number>();
const stack: Array<{ e: TraceEvent; end: number; children: number }> = [];
const clip = (s: number, e: number) => Math.max(0, Math.min(e, to) - Math.max(s, from));
const close = (until: number) => {
  while (stack.length && (stack[stack.length - 1]?.end ?? 0) <= until) {
    const top = stack.pop() as { e: TraceEvent; end: number; children: number };
    const own = clip(top.e.ts, top.end) - top.children;
    self.set(top.e.name, (self.get(top.e.name) ?? 0) + own);
    const parent = stack[stack.length - 1];
    if (parent) parent.children += clip(top.e.ts, top.end);
  }
};
for (const e of complete) {
  close(e.ts);
  stack.push({ e, end: e.ts + (e.dur ?? 0), children: 0 });
}
close(Infinity);
const busy = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`\nmain thread busy ${(busy / 1000).toFixed(1)} ms; self time per event (ms):`);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${(us / 1000).toFixed(1).padStart(7)}  ${name}`);

// The sampling profiler: chunks of nodes and samples with time deltas, per profile id.
const nodes = new Map<number, { callFrame: CallFrame; parent?: number }>();
const samples: Array<{ node: number; ts: number }> = [];
let time = 0;
for (const e of events.filter((x) => (x.name === 'Profile' || x.name === 'ProfileChunk') && x.pid === main.pid).sort((a, b) => a.ts - b.ts)) {
  const data = e.args?.data;
  if (e.name === 'Profile') {
    time = data?.startTime ?? e.ts;
    continue;
  }
  for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, { callFrame: node.callFrame, parent: node.parent });
  const ids = data?.cpuProfile?.samples ?? [];
  ids.forEach((node, i) => {
    time += data?.timeDeltas?.[i] ?? 0;
    samples.push({ node, ts: time });
  });
}
const inWindow = samples.filter((s) => s.ts >= from && s.ts <= to);
const interval = inWindow.length > 1 ? ((inWindow[inWindow.length - 1]?.ts ?? 0) - (inWindow[0]?.ts ?? 0)) / (inWindow.length - 1) : 0;
const fileOf = (frame: CallFrame) => (frame.url ?? '').split('/').pop() ?? '';
const where = (frame: CallFrame) => `${frame.functionName || '(anonymous)'} ${fileOf(frame)}:${(frame.lineNumber ?? 0) + 1}:${(frame.columnNumber ?? 0) + 1}`;
const selfBy = new Map<string, number>();
const totalBy = new Map<string, number>();
const fileBy = new Map<string, number>();
for (const sample of inWindow) {
  const leaf = nodes.get(sample.node);
  if (!leaf) continue;
  const key = where(leaf.callFrame);
  selfBy.set(key, (selfBy.get(key) ?? 0) + interval);
  const fileKey = fileOf(leaf.callFrame) || `(${leaf.callFrame.functionName})`;
  fileBy.set(fileKey, (fileBy.get(fileKey) ?? 0) + interval);
  const seen = new Set<string>();
  for (let id: number | undefined = sample.node; id !== undefined; id = nodes.get(id)?.parent) {
    const node = nodes.get(id);
    if (!node) break;
    const k = where(node.callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    totalBy.set(k, (totalBy.get(k) ?? 0) + interval);
  }
}
const top = (map: Map<string, number>, n: number, title: string) => {
  console.log(`\n${title} (ms):`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${(us / 1000).toFixed(1).padStart(7)}  ${key}`);
};
console.log(`\n${inWindow.length} samples in the window, one per ${(interval / 1000).toFixed(2)} ms`);
top(fileBy, 10, 'JavaScript self time per file');
top(selfBy, 30, 'self time per function');
top(totalBy, Number(process.env.TOP ?? 40), 'total time per function');
