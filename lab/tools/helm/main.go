//go:build tools

// Package tools pins the upstream Helm 3 CLI for bin/ensure-helm. Helm's command
// (helm.sh/helm/v3/cmd/helm) is a main package and cannot be imported, so this module only
// requires it: bin/ensure-helm runs `go build helm.sh/helm/v3/cmd/helm` from this directory,
// which builds upstream's own main() with exactly the versions in go.mod and go.sum. The blank
// import under the "tools" build tag keeps `go mod tidy` from dropping those requirements.
package tools

import _ "helm.sh/helm/v3/cmd/helm"
