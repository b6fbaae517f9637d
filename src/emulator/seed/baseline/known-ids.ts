/**
 * sys_ids of the demo records every personal developer instance (PDI) ships, as quoted by ServiceNow's docs
 * and by public client code and test fixtures (pysnc's test suite, SDK samples, community scripts). Records
 * not listed here get a stable made-up id (fixedId); docs/emulator-divergences.md names them.
 */
export const KNOWN_USER_IDS: Readonly<Record<string, string>> = {
  admin: '6816f79cc0a8016401c5a33be04be441',
  'problem.admin': '26fbff173b331300ad3cc9bb34efc4bd',
  'problem.coordinator.a': '73ab3f173b331300ad3cc9bb34efc4df',
  'problem.coordinator.b': '38cb3f173b331300ad3cc9bb34efc4d6',
  'problem.task.analyst.a': '7e3bbb173b331300ad3cc9bb34efc4a8',
  'change.manager': 'f8588956937002002dcef157b67ffb98',
  // The PDI's "ITIL User" (user_name itil there); the emulator keeps the login itil.user.
  'itil.user': '681b365ec0a80164000fb0b05854a0cd',
  'abel.tuter': '62826bf03710200044e0bfc8bcbe5df1',
  'beth.anglin': '46d44a23a9fe19810012d100cca80666',
  'david.loo': '5137153cc611227c000bbd1bd8cd2007',
  'fred.luddy': '5137153cc611227c000bbd1bd8cd2005',
  'bud.richman': '46c6f9efa9fe198101ddf5eed9adf6e7',
  'natasha.ingram': '46c5bf6ca9fe1981010713e3ac7d3384',
  'bow.ruggeri': 'f298d2d2c611227b0106c6be7f154bc8',
  'manifah.masood': '1832fbe1d701120035ae23c7ce610369',
  'guillermo.frohlich': '62526fa1d701120035ae23c7ce6103c6',
  guest: '5136503cc611227c0183e96598c4f706',
};

export const KNOWN_GROUP_IDS: Readonly<Record<string, string>> = {
  'Service Desk': 'd625dccec0a8016700a222a0f7900d06',
  Hardware: '8a5055c9c61122780043563ef53438e3',
  Network: '287ebd7da9fe198100f92cc8d1d2154e',
  Database: '287ee6fea9fe198100ada7950d0b1b73',
  Software: '8a4dde73c6112278017a6a4baf547aa7',
  'Problem Analyzers': '0c4e7b573b331300ad3cc9bb34efc461',
  'Change Management': 'a715cd759f2002002920bde8132e7018',
  'Application Development': '0a52d3dcd7011200f2d224837e6103f2',
  'Capacity Mgmt': 'aaccc971c0a8001500fe1ff4302de101',
  'Project Mgmt': 'aacb62e2c0a80015007f67f752c2b12c',
};

export const KNOWN_ROLE_IDS: Readonly<Record<string, string>> = {
  admin: '2831a114c611228501d4ea6c309d626d',
  itil: '282bf1fac6112285017366cb5f867469',
};

export const KNOWN_DEPARTMENT_IDS: Readonly<Record<string, string>> = {
  Finance: 'a581ab703710200044e0bfc8bcbe5de8',
  Sales: '221db0edc611228401760aec06c9d929',
  Development: '221f3db5c6112284009f4becd3039cc9',
};
