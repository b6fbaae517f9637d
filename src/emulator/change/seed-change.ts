import type { EmulatorContext } from '../context.js';
import { newRowDefaults } from '../store/defaults.js';
import { fixedId } from '../store/ids.js';

/** The demo's standard change templates (name, category, template values as field=value^…). */
const TEMPLATES = [
  {
    name: 'Reboot Windows Server',
    category: 'Hardware',
    template:
      'short_description=Reboot Windows server^description=Planned reboot of a Windows server outside business hours' +
      '^implementation_plan=Drain the node, reboot, check services^backout_plan=Power-cycle from the console' +
      '^test_plan=Check the service responds^risk=4^category=Hardware',
  },
  {
    name: 'Patch Linux Server',
    category: 'Software',
    template:
      'short_description=Apply monthly OS patches^description=Monthly security patches on a Linux server' +
      '^implementation_plan=yum update, reboot^backout_plan=Boot the previous kernel^test_plan=Smoke test' +
      '^risk=4^category=Software',
  },
  {
    name: 'Clear Disk Space',
    category: 'Software',
    template:
      'short_description=Clear temporary files^description=Remove temporary and rotated log files' +
      '^implementation_plan=Run the cleanup script^backout_plan=None needed^test_plan=Check free space^risk=4',
  },
] as const;

/** sys_id of a seeded standard change template by name. */
export const templateId = (name: string): string => fixedId(`std_change_record_producer:${name}`);

/**
 * Seeds the standard change templates and two change tasks on CHG0000004, unless present (so a demo database
 * written by an older emulator gets them too).
 */
export function seedChangeData(ctx: EmulatorContext): void {
  const producers = ctx.schema.table('std_change_record_producer');
  const tasks = ctx.schema.table('change_task');
  if (!producers || !tasks) return;
  const now = ctx.clock();
  ctx.db.transaction(() => {
    for (const t of TEMPLATES) {
      const id = templateId(t.name);
      if (ctx.store.byId(producers.physical, id)) continue;
      ctx.store.insert(producers.physical, {
        ...newRowDefaults(producers, id, 'admin', now),
        name: t.name,
        short_description: t.template.split('^')[0]?.split('=')[1] ?? t.name,
        category: t.category,
        template: t.template,
      });
    }
    seedOverlappingChange(ctx);
    const change = ctx.store.byId('task', fixedId('change_request:4'));
    if (!change) return;
    ['Take a backup', 'Apply the change'].forEach((description, i) => {
      const id = fixedId(`change_task:4:${i + 1}`);
      if (ctx.store.byId(tasks.physical, id)) return;
      ctx.store.insert(tasks.physical, {
        ...newRowDefaults(tasks, id, 'admin', now),
        number: `CTASK${String(i + 1).padStart(7, '0')}`,
        short_description: description,
        change_request: change.sys_id ?? '',
        parent: change.sys_id ?? '',
        cmdb_ci: change.cmdb_ci ?? '',
      });
    });
  })();
}

/** CHG0000011: a normal change in CHG0000001's window on the same CI, so the demo's conflict check finds one. */
function seedOverlappingChange(ctx: EmulatorContext): void {
  const changes = ctx.schema.table('change_request');
  const first = ctx.store.byId('task', fixedId('change_request:1'));
  const id = fixedId('change_request:overlapping-demo');
  if (!changes || !first || ctx.store.byId(changes.physical, id)) return;
  ctx.store.insert(changes.physical, {
    ...newRowDefaults(changes, id, 'admin', ctx.clock()),
    number: 'CHG0000011',
    short_description: `Firmware update on the CI of ${first.number ?? 'CHG0000001'}`,
    type: 'normal',
    state: '-5',
    cmdb_ci: first.cmdb_ci ?? '',
    start_date: first.start_date ?? '',
    end_date: first.end_date ?? '',
    opened_at: first.opened_at ?? '',
  });
}

/** A template's values: `a=1^b=2` → { a: '1', b: '2' } ('^^' is not supported; values hold no '^'). */
export function templateValues(template: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of template.split('^')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at)] = part.slice(at + 1);
  }
  return out;
}
