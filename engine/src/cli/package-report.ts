import type { InstallReport } from '../transfer/index.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const list = (names: string[]) => (names.length ? ` (${names.join(', ')})` : '');

/** What `tessera package install` (and a first start) prints about an install. */
export function describeInstall(report: InstallReport, tenant: string): string[] {
  const { name, version, label } = report.package;
  const title = `${name} ${version}${label['zh-CN'] || label.en ? ` (${[label.en, label['zh-CN']].filter(Boolean).join(' / ')})` : ''}`;
  if (report.outcome === 'unchanged') return [`${title} is already installed in tenant ${tenant}: nothing changed.`];
  const head =
    report.outcome === 'installed'
      ? `Installed ${title} into tenant ${tenant} in ${seconds(report.ms)}`
      : report.outcome === 'upgraded'
        ? `Upgraded ${name} ${report.previousVersion} → ${version} in tenant ${tenant} in ${seconds(report.ms)}`
        : `Updated ${title} in tenant ${tenant} in ${seconds(report.ms)}`;
  const { metadata, roles, sampleData } = report;
  const lines = [head];
  lines.push(
    metadata.version === metadata.previousVersion
      ? '  objects: no change'
      : `  objects: ${metadata.created.length} created${list(metadata.created)}, ${metadata.changed.length} changed${list(metadata.changed)}; ${metadata.operations.length} schema operations; metadata version ${metadata.previousVersion} → ${metadata.version}`,
  );
  lines.push(roles.created.length || roles.updated.length ? `  roles: ${roles.created.length} created${list(roles.created)}, ${roles.updated.length} changed${list(roles.updated)}` : '  roles: no change');
  if (sampleData.installed) {
    const total = Object.values(sampleData.records).reduce((a, b) => a + b, 0);
    const per = Object.entries(sampleData.records).map(([object, n]) => `${object} ${n}`);
    lines.push(`  sample data: ${total} records in ${seconds(sampleData.ms)} — ${per.join(', ')}`);
  } else if (sampleData.reason === 'already_installed') {
    lines.push('  sample data: installed before, not again');
  } else if (sampleData.reason === 'not_requested') {
    lines.push('  sample data: not installed (not requested)');
  }
  for (const k of report.kept) lines.push(`  kept your change to ${k.path} (the package changed it too)`);
  return lines;
}
