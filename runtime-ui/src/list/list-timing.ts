import { useLayoutEffect, type RefObject } from 'react';

/**
 * Measured, not asserted (issue 5: a list of 50 rows × 10 columns shown under 300 ms after its data
 * arrives). `tessera:list-data` is marked when a page of records has arrived and been parsed;
 * `tessera:list-render` spans from there to the moment the browser presented the first frame showing the
 * new rows. That moment comes from Element Timing: a cell of each new row carries an `elementtiming`
 * attribute, and the browser reports when its text was first painted (`renderTime`, after style, layout,
 * paint and raster). Browsers without Element Timing end the measure after the next frame's paint instead.
 */
const DATA = 'tessera:list-data';
const RENDER = 'tessera:list-render';
const ROWS = 'tessera-list-rows';

/** Rows arrived and not shown yet: rows from the query cache (no arrival) are not measured. */
let arrived = false;

export function markListData(): void {
  performance.mark(DATA);
  arrived = true;
}

function measure(end?: number): void {
  try {
    performance.measure(RENDER, end === undefined ? DATA : { start: DATA, end });
  } catch {
    // No data mark (cleared by someone else): nothing to measure.
  }
}

let observing = false;
/** A measure is owed for the rows of the latest arrival, ended by the first of them to be painted. */
let owed = false;
const elementTiming = typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('element');
/** Rows already carrying the attribute: a row kept across renders (same record) is not new. */
const tagged = new WeakSet<Element>();

function observe(): void {
  if (observing) return;
  observing = true;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { identifier?: string; renderTime?: number }>) {
      if (entry.identifier !== ROWS || !owed) continue;
      owed = false;
      measure(entry.renderTime || entry.startTime);
    }
  }).observe({ type: 'element' });
}

/**
 * Times the rows of `items` from the table in `container`. Runs in the commit that puts them in the
 * document, before the browser paints them, so the frame that shows them is the one reported. Rows from
 * the query cache (nothing arrived), or only rows already on screen, are not measured.
 */
export function useListRenderTiming(container: RefObject<HTMLElement | null>, items: readonly unknown[] | undefined): void {
  useLayoutEffect(() => {
    if (!items?.length || !container.current || !arrived) return;
    arrived = false;
    if (!elementTiming) {
      const frame = requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => measure();
        channel.port2.postMessage(null);
      });
      return () => cancelAnimationFrame(frame);
    }
    observe();
    // The first field's cell of each new row (all of them are painted in the same frame).
    for (const row of container.current.querySelectorAll<HTMLTableRowElement>('tbody tr[data-row-key]')) {
      if (tagged.has(row)) continue;
      tagged.add(row);
      row.cells[1]?.setAttribute('elementtiming', ROWS);
      owed = true;
    }
  }, [container, items]);
}
