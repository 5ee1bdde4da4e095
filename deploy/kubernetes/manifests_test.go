package kubernetes

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// doc is one YAML document, walked by path.
type doc map[string]any

func (d doc) get(t *testing.T, path string) any {
	t.Helper()
	var cur any = map[string]any(d)
	for _, key := range strings.Split(path, ".") {
		if d, ok := cur.(doc); ok {
			cur = map[string]any(d) // yaml.v3 decodes nested maps as the outer type
		}
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[key]
			if !ok {
				t.Fatalf("%s: no %q", path, key)
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i >= len(c) {
				t.Fatalf("%s: no item %q", path, key)
			}
			cur = c[i]
		default:
			t.Fatalf("%s: %q is under a %T", path, key, cur)
		}
	}
	return cur
}

func (d doc) str(t *testing.T, path string) string {
	t.Helper()
	s, ok := d.get(t, path).(string)
	if !ok {
		t.Fatalf("%s: not a string", path)
	}
	return s
}

func (d doc) num(t *testing.T, path string) int {
	t.Helper()
	n, ok := d.get(t, path).(int)
	if !ok {
		t.Fatalf("%s: not an integer", path)
	}
	return n
}

func asDoc(t *testing.T, v any) doc {
	t.Helper()
	switch m := v.(type) {
	case doc:
		return m
	case map[string]any:
		return doc(m)
	}
	t.Fatalf("%T is not a mapping", v)
	return nil
}

// load reads every document of every manifest, keyed by kind.
func load(t *testing.T) map[string][]doc {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	out := map[string][]doc{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for {
			var d doc
			if err := dec.Decode(&d); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if d == nil {
				continue
			}
			for _, k := range []string{"apiVersion", "kind", "metadata"} {
				if _, ok := d[k]; !ok {
					t.Fatalf("%s: a document without %s", f, k)
				}
			}
			out[d.str(t, "kind")] = append(out[d.str(t, "kind")], d)
		}
	}
	return out
}

func one(t *testing.T, docs map[string][]doc, kind string) doc {
	t.Helper()
	if len(docs[kind]) != 1 {
		t.Fatalf("%d %s manifests, want 1", len(docs[kind]), kind)
	}
	return docs[kind][0]
}

func TestCronJobRunsAnIndexedJobOfShards(t *testing.T) {
	docs := load(t)
	cj := one(t, docs, "CronJob")
	if v := cj.str(t, "apiVersion"); v != "batch/v1" {
		t.Errorf("CronJob apiVersion %s, want batch/v1", v)
	}
	if s := cj.str(t, "spec.schedule"); len(strings.Fields(s)) != 5 {
		t.Errorf("schedule %q is not a five-field cron line", s)
	}
	if p := cj.str(t, "spec.concurrencyPolicy"); p != "Forbid" {
		t.Errorf("concurrencyPolicy %s: two nights at once would fight over the shard locks", p)
	}
	job := "spec.jobTemplate.spec."
	if m := cj.str(t, job+"completionMode"); m != "Indexed" {
		t.Errorf("completionMode %s, want Indexed", m)
	}
	n := cj.num(t, job+"completions")
	if p := cj.num(t, job+"parallelism"); p != n || n < 1 {
		t.Errorf("completions %d, parallelism %d: want equal and at least 1", n, p)
	}
	pod := job + "template.spec."
	if r := cj.str(t, pod+"restartPolicy"); r != "Never" {
		t.Errorf("restartPolicy %s: backoffLimitPerIndex needs Never", r)
	}
	if v, _ := cj.get(t, pod+"securityContext.runAsNonRoot").(bool); !v {
		t.Error("pod securityContext.runAsNonRoot is not true")
	}
	c := pod + "containers.0."
	var args []string
	for _, a := range cj.get(t, c+"args").([]any) {
		args = append(args, a.(string))
	}
	if args[0] != "scan" {
		t.Errorf("args %q: want a scan", args)
	}
	i := slices.Index(args, "--shards")
	if i < 0 || i+1 >= len(args) || args[i+1] != strconv.Itoa(n) {
		t.Errorf("args %q: want --shards %d, the Job's completions", args, n)
	}
	if i := slices.Index(args, "--run"); i < 0 || i+1 >= len(args) || args[i+1] != "$(LOOKALIKE_RUN)" {
		t.Errorf("args %q: want --run $(LOOKALIKE_RUN), one name for the shards of a night", args)
	}
	env := map[string]doc{}
	for _, e := range cj.get(t, c+"env").([]any) {
		m := asDoc(t, e)
		env[m.str(t, "name")] = m
	}
	if e, ok := env["LOOKALIKE_RUN"]; !ok || !strings.Contains(e.str(t, "valueFrom.fieldRef.fieldPath"), "job-name") {
		t.Error("LOOKALIKE_RUN must come from the Job's name: a restarted pod rejoins its night")
	}
	st, ok := env["LOOKALIKE_STATE"]
	if !ok {
		t.Fatal("no LOOKALIKE_STATE in the container's env")
	}
	secret := one(t, docs, "Secret")
	if name := st.str(t, "valueFrom.secretKeyRef.name"); name != secret.str(t, "metadata.name") {
		t.Errorf("LOOKALIKE_STATE from Secret %q, but the Secret is %q", name, secret.str(t, "metadata.name"))
	}
	key := st.str(t, "valueFrom.secretKeyRef.key")
	if url := secret.str(t, "stringData."+key); !strings.HasPrefix(url, "postgres://") {
		t.Errorf("Secret key %s = %q, want a postgres:// URL", key, url)
	}
	for _, r := range []string{"requests.cpu", "requests.memory", "limits.cpu", "limits.memory"} {
		if cj.str(t, c+"resources."+r) == "" {
			t.Errorf("no resources.%s", r)
		}
	}
	if v, _ := cj.get(t, c+"securityContext.readOnlyRootFilesystem").(bool); !v {
		t.Error("readOnlyRootFilesystem is not true")
	}
	if v, _ := cj.get(t, c+"securityContext.allowPrivilegeEscalation").(bool); v {
		t.Error("allowPrivilegeEscalation is true")
	}

	// The config comes from the ConfigMap, mounted where --config looks.
	cm := one(t, docs, "ConfigMap")
	vol := asDoc(t, cj.get(t, pod+"volumes.0"))
	if vol.str(t, "configMap.name") != cm.str(t, "metadata.name") {
		t.Errorf("volume %s names ConfigMap %q, want %q", vol.str(t, "name"), vol.str(t, "configMap.name"), cm.str(t, "metadata.name"))
	}
	mount := asDoc(t, cj.get(t, c+"volumeMounts.0"))
	cfg := args[slices.Index(args, "--config")+1]
	if filepath.Dir(cfg) != mount.str(t, "mountPath") || mount.str(t, "name") != vol.str(t, "name") {
		t.Errorf("--config %s is not under the config volume's mount %s", cfg, mount.str(t, "mountPath"))
	}
	var nightly map[string]any
	text, _ := asDoc(t, cm.get(t, "data"))[filepath.Base(cfg)].(string)
	if err := yaml.Unmarshal([]byte(text), &nightly); err != nil {
		t.Fatalf("ConfigMap %s: %v", filepath.Base(cfg), err)
	}
	if _, ok := nightly["brands"]; !ok {
		t.Error("the nightly config names no brands")
	}
	if _, ok := nightly["resolvers"]; !ok {
		t.Error("the nightly config names no resolvers: the system's would be used")
	}
	if _, ok := nightly["state"]; ok {
		t.Error("the ConfigMap holds the state: its password belongs in the Secret")
	}
}

// The resource requests stay inside what docs/BENCHMARKS.md measured a scan
// to need: memory above its peak RSS, CPU not beyond the 2 cores measured.
func TestResourcesMatchBenchmarks(t *testing.T) {
	bench, err := os.ReadFile(filepath.Join("..", "..", "docs", "BENCHMARKS.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(bench, []byte("33 MB for 1,000,000")) {
		t.Fatal("docs/BENCHMARKS.md no longer states the peak RSS the requests are sized from; size them again")
	}
	cj := one(t, load(t), "CronJob")
	c := "spec.jobTemplate.spec.template.spec.containers.0.resources."
	mem := func(s string) int {
		n, err := strconv.Atoi(strings.TrimSuffix(s, "Mi"))
		if err != nil || !strings.HasSuffix(s, "Mi") {
			t.Fatalf("memory %q: write it in Mi", s)
		}
		return n
	}
	if req := mem(cj.str(t, c+"requests.memory")); req < 40 {
		t.Errorf("memory request %dMi is below the measured 32-40 MB peak", req)
	}
	if lim := mem(cj.str(t, c+"limits.memory")); lim < 2*mem(cj.str(t, c+"requests.memory")) {
		t.Errorf("memory limit %dMi leaves no headroom over the request", lim)
	}
	if cpu := cj.str(t, c+"limits.cpu"); cpu != "2" {
		t.Errorf("cpu limit %s: the figures are for 2 cores", cpu)
	}
}
