import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  useEdgesState,
  useNodesState,
  type Connection,
  type Edge,
  type Node,
  type NodeProps,
  type ReactFlowInstance,
} from '@xyflow/react';
import { Button, Space, Spin, Typography } from 'antd';
import { ApartmentOutlined, ExpandOutlined } from '@ant-design/icons';
import '@xyflow/react/dist/style.css';
import { useObjects, type ObjectDef } from './api.ts';
import { FieldEditor, type FieldForm } from './field-editor.tsx';
import { layeredLayout, lookupsOf, NODE_WIDTH, placeNodes } from './er-layout.ts';
import { savePositions, useDiagramPositions, type Positions } from './er-positions.ts';
import { useLocale, useT } from './i18n/index.ts';
import type { Locale } from '../../runtime-ui/src/api/types.ts';

type ObjectNode = Node<{ object: ObjectDef }, 'object'>;

const labelIn = (label: ObjectDef['label'] | undefined, locale: Locale, fallback: string) => label?.[locale] ?? label?.en ?? label?.['zh-CN'] ?? fallback;

/** An object: its label and API name, then its fields with their types. Drag from the right dot to another object to add a lookup. */
function ObjectNodeView({ data }: NodeProps<ObjectNode>) {
  const { object } = data;
  const { t } = useT('er');
  const { locale } = useLocale();
  return (
    <div className="er-node" data-object={object.api_name} style={{ width: NODE_WIDTH }}>
      <Handle type="target" position={Position.Left} />
      <div className="er-node-title">
        <span>{labelIn(object.label, locale, object.api_name)}</span>
        <small>{object.api_name}</small>
      </div>
      <ul>
        {object.fields
          .filter((f) => !f.archived)
          .map((f) => (
            <li key={f.api_name}>
              <span>{labelIn(f.label, locale, f.api_name)}</span>
              <span>{f.type === 'lookup' ? `→ ${String(f.target)}` : f.type}</span>
            </li>
          ))}
      </ul>
      <Handle type="source" position={Position.Right} title={t('dragToRelate')} />
    </div>
  );
}

const nodeTypes = { object: ObjectNodeView };
const FIT = { padding: 0.1 };

/** Every box's place, rounded to whole units: what is saved for the tenant's admins. */
const positionsOf = (nodes: ObjectNode[]): Positions => Object.fromEntries(nodes.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]));

/**
 * The objects and their lookups. Boxes sit where an admin left them (saved for the tenant, GET/PUT
 * /api/meta/diagram), else in the layered layout; "Auto layout" lays them out again and saves that.
 * Drag between objects to relate them; click one to open it.
 */
export function ErCanvasPage() {
  const { t } = useT('er');
  const objects = useObjects();
  const saved = useDiagramPositions();
  const navigate = useNavigate();
  const [nodes, setNodes, onNodesChange] = useNodesState<ObjectNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>([]);
  const [flow, setFlow] = useState<ReactFlowInstance<ObjectNode, Edge>>();
  const [status, setStatus] = useState<{ kind: 'saving' | 'saved' | 'failed'; message?: string }>();
  const [lookup, setLookup] = useState<{ object: string; initial: Partial<FieldForm> }>();
  const byName = useMemo(() => new Map((objects.data ?? []).map((o) => [o.api_name, o])), [objects.data]);
  // Positions that cannot be read leave the layered layout: the diagram still works.
  const ready = objects.isSuccess && (saved.isSuccess || saved.isError);

  useEffect(() => {
    if (!ready || !objects.data) return;
    const list = objects.data;
    const positions = placeNodes(list, saved.data ?? {});
    setNodes(list.map((o) => ({ id: o.api_name, type: 'object', position: positions.get(o.api_name) ?? { x: 0, y: 0 }, data: { object: o } })));
    setEdges(
      lookupsOf(list).map((l) => ({
        id: `${l.from}.${l.field}`,
        source: l.from,
        target: l.to,
        label: l.label,
        markerEnd: { type: MarkerType.ArrowClosed },
        style: { strokeWidth: 1.5 },
      })),
    );
  }, [ready, objects.data, saved.data, setNodes, setEdges]);

  const layoutKey = useMemo(() => {
    const list = objects.data ?? [];
    return `${list.map((o) => `${o.api_name}:${o.fields.filter((f) => !f.archived).length}`).join(',')}|${lookupsOf(list).map((l) => `${l.from}.${l.field}`).join(',')}`;
  }, [objects.data]);

  const save = async (positions: Positions) => {
    setStatus({ kind: 'saving' });
    try {
      await savePositions(positions);
      setStatus({ kind: 'saved' });
    } catch (err) {
      setStatus({ kind: 'failed', message: (err as Error).message });
    }
  };

  const autoLayout = () => {
    const positions = layeredLayout(objects.data ?? []);
    const next = nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position }));
    setNodes(next);
    void save(positionsOf(next));
    // Fitted once the moved boxes are drawn.
    requestAnimationFrame(() => void flow?.fitView(FIT));
  };

  const connect = (connection: Connection) => {
    const target = byName.get(connection.target);
    if (!target) return;
    const en = labelIn(target.label, 'en', target.api_name);
    setLookup({ object: connection.source, initial: { type: 'lookup', target: target.api_name, on_delete: 'restrict', en, zh: target.label['zh-CN'] } });
  };

  return (
    <>
      <div className="page-head">
        <div>
          <Typography.Title level={3}>{t('title')}</Typography.Title>
          <Typography.Text type="secondary">{t('help')}</Typography.Text>
        </div>
        <Space>
          {status && (
            <Typography.Text className="er-status" type={status.kind === 'failed' ? 'danger' : 'secondary'}>
              {status.kind === 'failed' ? t('saveFailed', { message: status.message }) : t(status.kind)}
            </Typography.Text>
          )}
          <Button icon={<ApartmentOutlined />} disabled={nodes.length === 0} onClick={autoLayout}>
            {t('autoLayout')}
          </Button>
          <Button icon={<ExpandOutlined />} disabled={!flow} onClick={() => void flow?.fitView(FIT)}>
            {t('zoomToFit')}
          </Button>
        </Space>
      </div>
      <div className="er-canvas">
        {!ready && <Spin style={{ margin: 48 }} />}
        {nodes.length > 0 && (
          <ReactFlow
            // A new layout (an object or a lookup added) remounts the canvas, so it is fitted to the view again.
            key={layoutKey}
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={connect}
            onInit={setFlow}
            onNodeDragStop={(_, __, moved) => {
              const byId = new Map(moved.map((n) => [n.id, n.position]));
              void save(positionsOf(nodes.map((n) => ({ ...n, position: byId.get(n.id) ?? n.position }))));
            }}
            onNodeClick={(_, node) => navigate(`/o/${node.id}`)}
            fitView
            fitViewOptions={FIT}
            minZoom={0.1}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} showFitView={false} />
          </ReactFlow>
        )}
      </div>
      {lookup && <FieldEditor object={lookup.object} initial={lookup.initial} open onClose={() => setLookup(undefined)} />}
    </>
  );
}
