package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// env returns a getenv func backed by a map.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// withVersion sets the build version for one test.
func withVersion(t *testing.T, v string) {
	t.Helper()
	old := version
	version = v
	t.Cleanup(func() { version = old })
}

func TestParseConfigDefaults(t *testing.T) {
	cfg, err := parseConfig(env(nil))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	want := config{Port: "8080", Service: "app", Instance: "", Fault: faultNone}
	if cfg != want {
		t.Fatalf("got %+v, want %+v", cfg, want)
	}
}

func TestParseConfigValid(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		fault faultMode
		delay time.Duration
	}{
		{"empty fault", map[string]string{"DIVE_FAULT": ""}, faultNone, 0},
		{"unhealthy", map[string]string{"DIVE_FAULT": "unhealthy"}, faultUnhealthy, 0},
		{"crash", map[string]string{"DIVE_FAULT": "crash"}, faultCrash, 0},
		{"slow", map[string]string{"DIVE_FAULT": "slow:250"}, faultSlow, 250 * time.Millisecond},
		{"slow zero", map[string]string{"DIVE_FAULT": "slow:0"}, faultSlow, 0},
		{"slow stop", map[string]string{"DIVE_FAULT": "slow-stop:25000"}, faultSlowStop, 25 * time.Second},
		{"surrounding spaces", map[string]string{"DIVE_FAULT": " unhealthy "}, faultUnhealthy, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.env["PORT"] = "9000"
			tc.env["DIVE_SERVICE"] = "kas"
			tc.env["DIVE_INSTANCE"] = "fra"
			cfg, err := parseConfig(env(tc.env))
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if cfg.Port != "9000" || cfg.Service != "kas" || cfg.Instance != "fra" {
				t.Errorf("identity not parsed: %+v", cfg)
			}
			if cfg.Fault != tc.fault || cfg.Delay != tc.delay {
				t.Errorf("got fault=%v delay=%v, want fault=%v delay=%v", cfg.Fault, cfg.Delay, tc.fault, tc.delay)
			}
		})
	}
}

func TestParseConfigInvalid(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		mention string // the bad value must be named in the error
	}{
		{"unknown fault", map[string]string{"DIVE_FAULT": "explode"}, `"explode"`},
		{"wrong case", map[string]string{"DIVE_FAULT": "CRASH"}, `"CRASH"`},
		{"slow without ms", map[string]string{"DIVE_FAULT": "slow:"}, `"slow:"`},
		{"slow not a number", map[string]string{"DIVE_FAULT": "slow:abc"}, `"slow:abc"`},
		{"slow negative", map[string]string{"DIVE_FAULT": "slow:-5"}, `"slow:-5"`},
		{"slow too long", map[string]string{"DIVE_FAULT": "slow:999999999999"}, `"slow:999999999999"`},
		{"slow-stop not a number", map[string]string{"DIVE_FAULT": "slow-stop:soon"}, `"slow-stop:soon"`},
		{"port not a number", map[string]string{"PORT": "http"}, `"http"`},
		{"port zero", map[string]string{"PORT": "0"}, `"0"`},
		{"port too large", map[string]string{"PORT": "70000"}, `"70000"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig(env(tc.env))
			if err == nil {
				t.Fatal("expected an error")
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error %q does not name %s", err, tc.mention)
			}
		})
	}
}

// do sends one request to h and returns the recorded response.
func do(t *testing.T, h http.Handler, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q, want application/json", ct)
	}
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("invalid JSON %q: %v", rec.Body.String(), err)
	}
	return v
}

func TestHealthyEndpoints(t *testing.T) {
	withVersion(t, "1.1.0")
	h := newHandler(config{Port: "8080", Service: "backend", Instance: "fra"})

	rec := do(t, h, http.MethodGet, "/health")
	if rec.Code != http.StatusOK {
		t.Fatalf("/health status = %d", rec.Code)
	}
	health := decode[map[string]any](t, rec)
	want := map[string]any{"status": "ok", "service": "backend", "instance": "fra", "version": "1.1.0"}
	if len(health) != len(want) {
		t.Errorf("/health = %v, want %v", health, want)
	}
	for k, v := range want {
		if health[k] != v {
			t.Errorf("/health %s = %v, want %v", k, health[k], v)
		}
	}

	rec = do(t, h, http.MethodGet, "/version")
	if rec.Code != http.StatusOK {
		t.Fatalf("/version status = %d", rec.Code)
	}
	if v := decode[versionBody](t, rec); v != (versionBody{Version: "1.1.0", Service: "backend"}) {
		t.Errorf("/version = %+v", v)
	}

	rec = do(t, h, http.MethodGet, "/")
	if rec.Code != http.StatusOK {
		t.Fatalf("/ status = %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("/ Content-Type = %q", ct)
	}
	for _, s := range []string{"backend", "fra", "1.1.0", "<html"} {
		if !strings.Contains(rec.Body.String(), s) {
			t.Errorf("/ body does not contain %q:\n%s", s, rec.Body)
		}
	}
}

func TestHealthWithoutInstance(t *testing.T) {
	h := newHandler(config{Service: "app"})
	health := decode[healthBody](t, do(t, h, http.MethodGet, "/health"))
	if health.Instance != "" || health.Service != "app" || health.Version != "dev" {
		t.Errorf("/health = %+v", health)
	}
	if body := do(t, h, http.MethodGet, "/").Body.String(); !strings.Contains(body, "(none)") {
		t.Errorf("/ should say (none) for a missing instance:\n%s", body)
	}
}

func TestIndexEscapesHTML(t *testing.T) {
	h := newHandler(config{Service: "<script>x</script>"})
	body := do(t, h, http.MethodGet, "/").Body.String()
	if strings.Contains(body, "<script>") {
		t.Errorf("service name not escaped:\n%s", body)
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	h := newHandler(config{Service: "frontend"})
	for _, p := range []string{"/nope", "/health/x", "/healthz", "/index.html"} {
		if rec := do(t, h, http.MethodGet, p); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, rec.Code)
		}
	}
	if rec := do(t, h, http.MethodPost, "/health"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /health = %d, want 405", rec.Code)
	}
	if rec := do(t, h, http.MethodHead, "/health"); rec.Code != http.StatusOK {
		t.Errorf("HEAD /health = %d, want 200", rec.Code)
	}
}

func TestUnhealthyFault(t *testing.T) {
	h := newHandler(config{Service: "kas", Instance: "deu", Fault: faultUnhealthy})

	rec := do(t, h, http.MethodGet, "/health")
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("/health status = %d, want 503", rec.Code)
	}
	health := decode[healthBody](t, rec)
	if health.Status != "unhealthy" || health.Service != "kas" || health.Instance != "deu" {
		t.Errorf("/health = %+v", health)
	}

	// Everything else keeps working.
	if rec := do(t, h, http.MethodGet, "/version"); rec.Code != http.StatusOK {
		t.Errorf("/version status = %d, want 200", rec.Code)
	}
	if rec := do(t, h, http.MethodGet, "/"); rec.Code != http.StatusOK {
		t.Errorf("/ status = %d, want 200", rec.Code)
	}
	if rec := do(t, h, http.MethodGet, "/nope"); rec.Code != http.StatusNotFound {
		t.Errorf("/nope status = %d, want 404", rec.Code)
	}
}

func TestSlowFaultDelaysEveryResponse(t *testing.T) {
	const d = 120 * time.Millisecond
	h := newHandler(config{Service: "backend", Fault: faultSlow, Delay: d})
	for _, tc := range []struct {
		path string
		code int
	}{{"/health", 200}, {"/version", 200}, {"/", 200}, {"/nope", 404}} {
		start := time.Now()
		rec := do(t, h, http.MethodGet, tc.path)
		if elapsed := time.Since(start); elapsed < d {
			t.Errorf("%s answered after %v, want >= %v", tc.path, elapsed, d)
		}
		if rec.Code != tc.code {
			t.Errorf("%s status = %d, want %d", tc.path, rec.Code, tc.code)
		}
	}
}

func TestSlowFaultAbandonedWhenClientGoesAway(t *testing.T) {
	h := newHandler(config{Service: "backend", Fault: faultSlow, Delay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequest(http.MethodGet, "/health", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { h.ServeHTTP(rec, req); close(done) }()
	cancel()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("handler kept waiting after the request was cancelled")
	}
}

func TestRunCrashExitsWithCode1(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), env(map[string]string{"DIVE_FAULT": "crash", "DIVE_SERVICE": "kas"}), &stderr)
	if code != 1 {
		t.Fatalf("exit code = %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "DIVE_FAULT=crash") || !strings.Contains(stderr.String(), "kas") {
		t.Errorf("stderr does not explain the crash: %q", stderr.String())
	}
}

func TestRunInvalidFaultExitsWithCode2(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), env(map[string]string{"DIVE_FAULT": "slow:soon"}), &stderr)
	if code != 2 {
		t.Fatalf("exit code = %d, want 2", code)
	}
	if !strings.Contains(stderr.String(), `"slow:soon"`) {
		t.Errorf("stderr does not name the bad value: %q", stderr.String())
	}
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeAndGracefulShutdown(t *testing.T) {
	withVersion(t, "1.0.0")
	ln, logs, cancel, done := startServe(t, config{Service: "backend", Instance: "fra"})

	resp, err := http.Get("http://" + ln.Addr().String() + "/version")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"version":"1.0.0"`) {
		t.Fatalf("GET /version = %d %s", resp.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v, want nil", err)
		}
	case <-time.After(shutdownTimeout + 2*time.Second):
		t.Fatal("serve did not stop")
	}
	out := logs.String()
	if strings.Count(out, "\n") != 2 || !strings.Contains(out, "start service=backend instance=fra version=1.0.0") ||
		!strings.Contains(out, "stop service=backend clean") {
		t.Errorf("want exactly one start and one stop line, got:\n%s", out)
	}
}

func TestSlowStopKeepsServingAfterTheStopRequest(t *testing.T) {
	const drain = 300 * time.Millisecond
	ln, logs, cancel, done := startServe(t, config{Service: "backend", Fault: faultSlowStop, Delay: drain})
	stopped := time.Now()
	cancel()
	resp, err := http.Get("http://" + ln.Addr().String() + "/health")
	if err != nil {
		t.Fatalf("not serving while draining: %v", err)
	}
	resp.Body.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v, want nil", err)
		}
	case <-time.After(drain + shutdownTimeout + 2*time.Second):
		t.Fatal("serve did not stop")
	}
	if took := time.Since(stopped); took < drain {
		t.Errorf("stopped after %s, want at least %s", took, drain)
	}
	if !strings.Contains(logs.String(), "draining for 300ms") {
		t.Errorf("no drain line in:\n%s", logs.String())
	}
}

// startServe runs serve for cfg on a free loopback port until cancel is called;
// done receives what serve returned.
func startServe(t *testing.T, cfg config) (net.Listener, *syncBuffer, context.CancelFunc, chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, cfg, log.New(logs, "", 0)) }()
	return ln, logs, cancel, done
}
