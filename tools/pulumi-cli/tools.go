//go:build tools

// Package tools pins the Pulumi CLI build: `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi`
// from this module compiles the CLI at the release named in go.mod.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
