// Command etcd is the upstream etcd server, built from the go.etcd.io/etcd/server/v3 module for
// the tests' real API server (bin/ensure-apiserver builds and caches it).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
