import { SEED_TRANSFORM_MAPS } from '../../import/transform-maps.js';
import { fixedId } from '../../store/ids.js';
import type { Row } from '../../store/store.js';
import { GROUP_ROLES } from './people.js';

type Put = (table: string, row: Row) => void;

interface Ids {
  readonly userId: (userName: string) => string;
  readonly groupId: (name: string) => string;
  readonly roleId: (name: string) => string;
}

const METADATA_CREATED = '2024-01-01 00:00:00';

/**
 * The rest of a fresh instance's baseline, after people and groups: group roles, platform properties, the
 * shipped transform maps as rows, and (unless minimal) CIs a PDI has under their real sys_ids.
 */
export function seedBaseline(put: Put, ids: Ids, minimal: boolean): void {
  for (const [group, roles] of Object.entries(GROUP_ROLES))
    for (const role of roles)
      put('sys_group_has_role', {
        sys_id: fixedId(`group_has_role:${group}:${role}`),
        group: ids.groupId(group),
        role: ids.roleId(role),
        inherits: 'true',
      });
  put('sys_properties', {
    sys_id: fixedId('prop:audit_inserts'),
    name: 'glide.sys.audit_inserts',
    value: 'false',
    type: 'true|false',
    description: 'Audit the field values of inserted records too',
    sys_created_on: METADATA_CREATED,
  });
  seedTransformMaps(put);
  if (!minimal) seedKnownCis(put);
}

function seedTransformMaps(put: Put): void {
  for (const map of SEED_TRANSFORM_MAPS) {
    const mapId = fixedId(`sys_transform_map:${map.name}`);
    put('sys_transform_map', {
      sys_id: mapId,
      name: map.name,
      source_table: map.source,
      target_table: map.target,
      active: 'true',
      create_new_record_on_empty_coalesce_fields: String(map.insertOnEmptyCoalesce),
      sys_name: map.name,
      sys_created_on: METADATA_CREATED,
    });
    const coalesce: readonly string[] = map.coalesce;
    for (const [source, target] of Object.entries(map.fields))
      put('sys_transform_entry', {
        sys_id: fixedId(`sys_transform_entry:${map.name}:${source}`),
        map: mapId,
        source_table: map.source,
        source_field: source,
        target_table: map.target,
        target_field: target,
        coalesce: String(coalesce.includes(source)),
        sys_created_on: METADATA_CREATED,
      });
  }
}

/** CIs quoted with their sys_ids by public client fixtures; classes on main only (cmdb_ci, server, service). */
const KNOWN_CIS: readonly { table: string; sys_id: string; name: string }[] = [
  { table: 'cmdb_ci_service', sys_id: '451047c6c0a8016400de0ae6df9b9d76', name: 'Bond Trading' },
  { table: 'cmdb_ci_service', sys_id: '26e540d80a0a0bb400660482030d04d8', name: 'SAP Payroll' },
  { table: 'cmdb_ci_service', sys_id: '28c2c50cc0a8000b001c50f77c1cdf47', name: 'E-Commerce' },
  { table: 'cmdb_ci_server', sys_id: '53979c53c0a801640116ad2044643fb2', name: 'unix201' },
  { table: 'cmdb_ci_server', sys_id: '5f9b83bfc0a8010e005a2b3212c9dc07', name: 'dbaix901nyc' },
  { table: 'cmdb_ci', sys_id: '3a6b9e16c0a8ce0100e154dd7e6353c2', name: 'SAP LoadBal01' },
  { table: 'cmdb_ci', sys_id: '3a27f1520a0a0bb400ecd6ff7afcf036', name: 'PS Apache02' },
  { table: 'cmdb_ci', sys_id: '55c3578bc0a8010e0117f727897d0011', name: 'bond_trade_ny' },
  { table: 'cmdb_ci', sys_id: '55c38564c0a8010e00596302eb0d26bc', name: 'bond_trade_uk' },
];

function seedKnownCis(put: Put): void {
  for (const ci of KNOWN_CIS) put(ci.table, { sys_id: ci.sys_id, name: ci.name, operational_status: '1' });
}
