// Command kube-apiserver is the upstream Kubernetes API server, built from the k8s.io/kubernetes
// module so the tests can run against a real API server on machines where no binary can be
// downloaded (bin/ensure-apiserver builds and caches it).
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	command := app.NewAPIServerCommand()
	os.Exit(cli.Run(command))
}
