// Package kubernetes holds the manifests that run lookalike as a nightly
// Indexed Job on Kubernetes (see README.md), and the offline tests that keep
// them, and the repository's Dockerfile, in the shape the issue asks for.
//
// It has no code: it owns the YAML and its checks. It never talks to a
// cluster; the tests parse the files with gopkg.in/yaml.v3.
package kubernetes
