// Command kubectl is the upstream kubectl, built from the k8s.io/kubectl module so the lab and
// the tests have one on machines without a packaged kubectl (bin/ensure-kubectl builds it).
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
)

func main() {
	command := cmd.NewDefaultKubectlCommand()
	os.Exit(cli.Run(command))
}
