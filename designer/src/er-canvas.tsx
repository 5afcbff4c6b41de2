import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, useEdgesState, useNodesState, type Connection, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { Typography } from 'antd';
import '@xyflow/react/dist/style.css';
import { text, useObjects, type ObjectDef } from './api.ts';
import { FieldEditor, type FieldForm } from './field-editor.tsx';
import { layeredLayout, lookupsOf, NODE_WIDTH } from './er-layout.ts';

type ObjectNode = Node<{ object: ObjectDef }, 'object'>;

/** An object: its label and API name, then its fields with their types. Drag from the right dot to another object to add a lookup. */
function ObjectNodeView({ data }: NodeProps<ObjectNode>) {
  const { object } = data;
  return (
    <div className="er-node" data-object={object.api_name} style={{ width: NODE_WIDTH }}>
      <Handle type="target" position={Position.Left} />
      <div className="er-node-title">
        <span>{text(object.label, object.api_name)}</span>
        <small>{object.api_name}</small>
      </div>
      <ul>
        {object.fields
          .filter((f) => !f.archived)
          .map((f) => (
            <li key={f.api_name}>
              <span>{text(f.label, f.api_name)}</span>
              <span>{f.type === 'lookup' ? `→ ${String(f.target)}` : f.type}</span>
            </li>
          ))}
      </ul>
      <Handle type="source" position={Position.Right} title="Drag to another object to add a lookup" />
    </div>
  );
}

const nodeTypes = { object: ObjectNodeView };

/** The objects and their lookups; automatic layered layout, zoom to fit; drag between objects to relate them; click one to open it. */
export function ErCanvasPage() {
  const objects = useObjects();
  const navigate = useNavigate();
  const [nodes, setNodes, onNodesChange] = useNodesState<ObjectNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>([]);
  const [lookup, setLookup] = useState<{ object: string; initial: Partial<FieldForm> }>();
  const byName = useMemo(() => new Map((objects.data ?? []).map((o) => [o.api_name, o])), [objects.data]);

  useEffect(() => {
    const list = objects.data ?? [];
    const positions = layeredLayout(list);
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
  }, [objects.data, setNodes, setEdges]);

  const layoutKey = useMemo(() => {
    const list = objects.data ?? [];
    return `${list.map((o) => `${o.api_name}:${o.fields.filter((f) => !f.archived).length}`).join(',')}|${lookupsOf(list).map((l) => `${l.from}.${l.field}`).join(',')}`;
  }, [objects.data]);

  const connect = (connection: Connection) => {
    const target = byName.get(connection.target);
    if (!target) return;
    const en = text(target.label, target.api_name);
    setLookup({ object: connection.source, initial: { type: 'lookup', target: target.api_name, on_delete: 'restrict', en, zh: target.label['zh-CN'] } });
  };

  return (
    <>
      <div className="page-head">
        <Typography.Title level={3}>ER diagram</Typography.Title>
        <Typography.Text type="secondary">Drag from an object's right dot to another object to add a lookup; click an object to open it.</Typography.Text>
      </div>
      <div className="er-canvas">
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
            onNodeClick={(_, node) => navigate(`/o/${node.id}`)}
            fitView
            minZoom={0.2}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        )}
      </div>
      {lookup && <FieldEditor object={lookup.object} initial={lookup.initial} open onClose={() => setLookup(undefined)} />}
    </>
  );
}
