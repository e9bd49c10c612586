// The downstream flow as an interactive graph: the same layout the PDF report draws (dagre, by
// depth, in reports/flow-layout.ts), in SVG, with pan (drag, arrow keys), zoom (wheel, + and -)
// and every holder a link to its dossier. Each box is a real link, so Tab reaches it.
import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type WheelEvent } from 'react';
import { layoutFlow } from '../../../reports/flow-layout.ts';
import type { Flow } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.tsx';

const standingColour = { licensed: '#d8eedb', unlicensed: '#f6d5d2', unregistered: '#f9e3c4', revoked: '#e8d1ee' } as const;

export function FlowGraph({ flow }: { flow: Flow }) {
  const { t, number } = useI18n();
  const layout = useMemo(
    () =>
      layoutFlow(
        flow.nodes.map((node) => ({
          holderId: node.holder_id,
          name: node.name,
          licence: node.licence,
          depth: node.depth,
          receivedKg: node.received_kg,
          sentKg: node.sent_kg,
          balanceGapKg: node.balance_gap_kg,
        })),
        flow.edges.map((edge) => ({ from: edge.from, to: edge.to, toName: edge.to_name, quantityKg: edge.quantity_kg, date: edge.date, transferNo: edge.transfer_no })),
      ),
    [flow],
  );
  const [view, setView] = useState({ x: 0, y: 0, scale: 1 });
  const drag = useRef<{ x: number; y: number } | null>(null);
  const zoom = (factor: number) => setView((current) => ({ ...current, scale: Math.min(4, Math.max(0.25, current.scale * factor)) }));
  const pan = (dx: number, dy: number) => setView((current) => ({ ...current, x: current.x + dx, y: current.y + dy }));

  const onWheel = (event: WheelEvent) => zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15);
  const onPointerDown = (event: PointerEvent) => {
    if ((event.target as Element).closest('a')) return;
    drag.current = { x: event.clientX, y: event.clientY };
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!drag.current) return;
    pan(event.clientX - drag.current.x, event.clientY - drag.current.y);
    drag.current = { x: event.clientX, y: event.clientY };
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = 40;
    const moves: Record<string, () => void> = {
      ArrowLeft: () => pan(step, 0),
      ArrowRight: () => pan(-step, 0),
      ArrowUp: () => pan(0, step),
      ArrowDown: () => pan(0, -step),
      '+': () => zoom(1.2),
      '=': () => zoom(1.2),
      '-': () => zoom(1 / 1.2),
      '0': () => setView({ x: 0, y: 0, scale: 1 }),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  };

  if (layout.boxes.length <= 1 && flow.edges.length === 0) return <p>{t('flow.none')}</p>;
  const width = Math.max(layout.width, 200);
  const height = Math.max(layout.height, 80);
  return (
    <figure className="flow">
      <div className="flow-tools" role="group" aria-label={t('flow.controls')}>
        <button type="button" onClick={() => zoom(1.2)} aria-label={t('flow.zoomIn')}>
          +
        </button>
        <button type="button" onClick={() => zoom(1 / 1.2)} aria-label={t('flow.zoomOut')}>
          −
        </button>
        <button type="button" onClick={() => setView({ x: 0, y: 0, scale: 1 })}>
          {t('flow.reset')}
        </button>
        <span className="muted">{t('flow.help')}</span>
      </div>
      <div
        className="flow-canvas"
        tabIndex={0}
        role="group"
        aria-label={t('flow.label')}
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = null)}
        onKeyDown={onKeyDown}
      >
        <svg viewBox={`-10 -10 ${width + 20} ${height + 20}`} width="100%" height="360" role="img" aria-label={t('flow.label')}>
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#555" />
            </marker>
          </defs>
          <g transform={`translate(${view.x} ${view.y}) scale(${view.scale})`}>
            {layout.arrows.map((arrow, index) => {
              const [start, ...rest] = arrow.points;
              const d =
                arrow.kind === 'next' && rest.length === 3
                  ? `M ${start!.x} ${start!.y} C ${rest.map((point) => `${point.x} ${point.y}`).join(', ')}`
                  : `M ${arrow.points.map((point) => `${point.x} ${point.y}`).join(' L ')}`;
              return (
                <g key={index}>
                  <path d={d} fill="none" stroke="#555" strokeWidth={1.2} markerEnd="url(#arrow)" />
                  <text x={arrow.label.x} y={arrow.label.y - 3} fontSize={9} textAnchor={arrow.kind === 'next' ? 'end' : 'middle'}>
                    {number(arrow.quantityKg, 1)} {t('unit.kg')}
                  </text>
                </g>
              );
            })}
            {layout.boxes.map((box) => {
              const body = (
                <>
                  <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={4} fill={box.licence ? standingColour[box.licence] : '#eee'} stroke="#333" />
                  <text x={box.x + 6} y={box.y + 14} fontSize={10} fontWeight="bold">
                    {(box.name ?? t('flow.unidentified')).slice(0, 20)}
                  </text>
                  <text x={box.x + 6} y={box.y + 28} fontSize={9}>
                    {box.holderId ?? ''} {box.licence ? `· ${t(`licence.${box.licence}`)}` : ''}
                  </text>
                </>
              );
              return box.holderId ? (
                <a
                  key={box.id}
                  href={`/holders/${encodeURIComponent(box.holderId)}`}
                  aria-label={t('flow.openHolder', { name: box.name ?? box.holderId })}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(`/holders/${encodeURIComponent(box.holderId!)}`);
                  }}
                >
                  {body}
                </a>
              ) : (
                <g key={box.id}>{body}</g>
              );
            })}
          </g>
        </svg>
      </div>
      {flow.truncated && <figcaption>{t('flow.truncated')}</figcaption>}
    </figure>
  );
}
