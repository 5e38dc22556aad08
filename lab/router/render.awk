# Renders a router template: @KEY@ placeholders from -v assignments, and the lines between a line
# "@@nodes" and a line "@@end" once per node, with @NODE@, @NODE_IPV4@, @NODE_IPV6@ (from the
# "NAME IPV4 IPV6" lines of the file given in -v nodes_file).
BEGIN {
  while ((getline line < nodes_file) > 0) {
    split(line, f, " ")
    n++; name[n] = f[1]; v4[n] = f[2]; v6[n] = f[3]
  }
}
function subst(s) {
  gsub(/@DIR@/, dir, s); gsub(/@ROUTER_IPV4@/, router_ipv4, s); gsub(/@ROUTER_IPV6@/, router_ipv6, s)
  gsub(/@ROUTER_ASN@/, router_asn, s); gsub(/@NODE_ASN@/, node_asn, s)
  return s
}
/^@@nodes$/ { inblock = 1; nb = 0; next }
/^@@end$/ {
  for (i = 1; i <= n; i++) {
    for (j = 1; j <= nb; j++) {
      s = block[j]; gsub(/@NODE@/, name[i], s); gsub(/@NODE_IPV4@/, v4[i], s); gsub(/@NODE_IPV6@/, v6[i], s)
      print subst(s)
    }
  }
  inblock = 0; next
}
inblock { block[++nb] = $0; next }
{ print subst($0) }
