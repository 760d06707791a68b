/**
 * Keywords of the IANA "Assigned Internet Protocol Numbers" registry, lower
 * case, indexed by protocol number. Empty entries are numbers IANA gives no
 * keyword (61, 63, 68, 99, 114, 253, 254), leaves unassigned (148–252) or
 * reserves (255): those records get no `network.transport`.
 */
const keywords: readonly string[] = [
  'hopopt', 'icmp', 'igmp', 'ggp', 'ipv4', 'st', 'tcp', 'cbt', 'egp', 'igp', // 0–9
  'bbn-rcc-mon', 'nvp-ii', 'pup', 'argus', 'emcon', 'xnet', 'chaos', 'udp', 'mux', 'dcn-meas', // 10–19
  'hmp', 'prm', 'xns-idp', 'trunk-1', 'trunk-2', 'leaf-1', 'leaf-2', 'rdp', 'irtp', 'iso-tp4', // 20–29
  'netblt', 'mfe-nsp', 'merit-inp', 'dccp', '3pc', 'idpr', 'xtp', 'ddp', 'idpr-cmtp', 'tp++', // 30–39
  'il', 'ipv6', 'sdrp', 'ipv6-route', 'ipv6-frag', 'idrp', 'rsvp', 'gre', 'dsr', 'bna', // 40–49
  'esp', 'ah', 'i-nlsp', 'swipe', 'narp', 'min-ipv4', 'tlsp', 'skip', 'ipv6-icmp', 'ipv6-nonxt', // 50–59
  'ipv6-opts', '', 'cftp', '', 'sat-expak', 'kryptolan', 'rvd', 'ippc', '', 'sat-mon', // 60–69
  'visa', 'ipcu', 'cpnx', 'cphb', 'wsn', 'pvp', 'br-sat-mon', 'sun-nd', 'wb-mon', 'wb-expak', // 70–79
  'iso-ip', 'vmtp', 'secure-vmtp', 'vines', 'ttp', 'nsfnet-igp', 'dgp', 'tcf', 'eigrp', 'ospfigp', // 80–89
  'sprite-rpc', 'larp', 'mtp', 'ax.25', 'ipip', 'micp', 'scc-sp', 'etherip', 'encap', '', // 90–99
  'gmtp', 'ifmp', 'pnni', 'pim', 'aris', 'scps', 'qnx', 'a/n', 'ipcomp', 'snp', // 100–109
  'compaq-peer', 'ipx-in-ip', 'vrrp', 'pgm', '', 'l2tp', 'ddx', 'iatp', 'stp', 'srp', // 110–119
  'uti', 'smp', 'sm', 'ptp', 'isis over ipv4', 'fire', 'crtp', 'crudp', 'sscopmce', 'iplt', // 120–129
  'sps', 'pipe', 'sctp', 'fc', 'rsvp-e2e-ignore', 'mobility header', 'udplite', 'mpls-in-ip', 'manet', 'hip', // 130–139
  'shim6', 'wesp', 'rohc', 'ethernet', 'aggfrag', 'nsh', 'homa', 'bit-emu', // 140–147
];

/** The lower-case IANA keyword of a protocol number, or `undefined` when IANA has none. */
export function ianaProtocolKeyword(protocol: number): string | undefined {
  const keyword = keywords[protocol];
  return keyword === '' ? undefined : keyword;
}
