#!/bin/sh
# The lab's stand-in for a Service's pods behind a NodePort: reads one HTTP request from stdin
# (socat connects the TCP connection to it) and answers with the node that served it.
node="$1"
port="$2"
while IFS= read -r line; do
  line="$(printf '%s' "$line" | tr -d '\r')"
  [ -z "$line" ] && break
done
body="hello from $node (NodePort $port)"
printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s\n' \
  "$((${#body} + 1))" "$body"
