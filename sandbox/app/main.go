// Command sandbox-app is a stand-in for the DIVE V3 backend, frontend and KAS
// services in the local DIVE Ops sandbox. It is a test fixture: it serves a
// health endpoint, a version endpoint and a tiny HTML page, and can be told to
// misbehave through DIVE_FAULT so that runbooks can be exercised against
// unhealthy, crashing and slow services.
//
// Environment:
//
//	PORT           TCP port to listen on (1-65535, default 8080); binds 0.0.0.0
//	DIVE_SERVICE   service name reported by the endpoints (default "app")
//	DIVE_INSTANCE  instance code, e.g. "fra" (optional)
//	DIVE_FAULT     "" | "unhealthy" | "crash" | "slow:<ms>" | "slow-stop:<ms>"
//
// slow-stop:<ms> keeps serving for <ms> after SIGTERM before it shuts down, like
// a service that drains for longer than its stop grace.
//
// # Resource API (backend only)
//
// When it runs as the backend it also serves a small but real resource API,
// still a test fixture, that does what DIVE V3's backend does for one request,
// GET /api/resources/{id} with "Authorization: Bearer <access token>":
//
//  1. The token must be an RS256 JWT signed by a key of the instance's Keycloak
//     broker realm (looked up by kid in DIVE_JWKS_URL; keys are cached and an
//     unknown kid refetches the JWKS at most once per 10 s), with iss exactly
//     DIVE_TOKEN_ISSUER, DIVE_TOKEN_AUDIENCE in aud, exp in the future and
//     nbf/iat not in the future (30 s leeway each).
//  2. The resource's metadata is read from the instance's Mongo-wire database
//     (FerretDB): database DIVE_MONGO_DATABASE, collection "resources",
//     document {resourceId, title, classification, releasabilityTo, COI}.
//  3. OPA decides: POST DIVE_OPA_URL/v1/data/dive/authz/decision with the
//     subject (the token's uniqueID, clearance, countryOfAffiliation, acpCOI)
//     and the resource (sandbox/opa/policy/authz.rego).
//
// Answers (JSON bodies):
//
//	200 the document plus "decision": {"allow": true, "reason": ...}
//	401 {"error": "missing_token"|"invalid_token", "reason": ...} and WWW-Authenticate: Bearer ...
//	403 {"error": "forbidden", "reason": <OPA's reason>}
//	404 {"error": "not_found", "resourceId": ...}
//	500 {"error": "invalid_resource", "reason": ...}        the stored document has the wrong shape
//	503 {"error": "jwks_unavailable"|"datastore_unavailable"|"policy_unavailable", "reason": ...}
//
// Keycloak, the database and OPA are each given at most 3 s; every failure
// denies (fail closed). /health does not depend on any of them. One log line
// per resource request gives method, path, status, subject uniqueID, reason and
// latency; tokens, the Mongo URL and credentials are never logged.
//
// The API is enabled by DIVE_TOKEN_ISSUER; the others are then required
// (DIVE_MONGO_DATABASE has a default). Without it /api/resources/... answers
// 404, as the frontend and KAS stand-ins do.
//
//	DIVE_TOKEN_ISSUER    expected iss, e.g. http://keycloak:8080/realms/dive-v3-broker
//	DIVE_JWKS_URL        the realm's JWKS, e.g. .../protocol/openid-connect/certs
//	DIVE_TOKEN_AUDIENCE  a value aud must contain
//	DIVE_OPA_URL         OPA's base URL, e.g. http://opa:8181
//	DIVE_MONGO_URL       mongodb:// URL, may hold credentials (never logged)
//	DIVE_MONGO_DATABASE  database name (default "dive-v3")
//
// Exit codes: 0 clean shutdown, 1 simulated crash or server failure,
// 2 invalid configuration (including a partial resource API configuration).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// version is overridden at build time: -ldflags "-X main.version=1.1.0".
var version = "dev"

const (
	defaultPort     = "8080"
	defaultService  = "app"
	shutdownTimeout = 5 * time.Second
	// maxSlowDelay bounds slow:<ms> so a typo cannot make the fixture hang for days.
	maxSlowDelay = 10 * time.Minute
)

// faultMode is the behaviour selected by DIVE_FAULT.
type faultMode int

const (
	faultNone faultMode = iota
	faultUnhealthy
	faultCrash
	faultSlow
	faultSlowStop
)

func (f faultMode) String() string {
	switch f {
	case faultUnhealthy:
		return "unhealthy"
	case faultCrash:
		return "crash"
	case faultSlow:
		return "slow"
	case faultSlowStop:
		return "slow-stop"
	default:
		return "none"
	}
}

// config is the validated process configuration.
type config struct {
	Port     string
	Service  string
	Instance string
	Fault    faultMode
	Delay    time.Duration // only meaningful when Fault is faultSlow or faultSlowStop
	// Resources configures the resource API; its zero value (no
	// DIVE_TOKEN_ISSUER) leaves the API off.
	Resources resourceConfig
}

// parseConfig reads and validates the configuration. It never exits; main
// decides what to do with the error or with Fault == faultCrash.
func parseConfig(getenv func(string) string) (config, error) {
	cfg := config{
		Port:     strings.TrimSpace(getenv("PORT")),
		Service:  strings.TrimSpace(getenv("DIVE_SERVICE")),
		Instance: strings.TrimSpace(getenv("DIVE_INSTANCE")),
	}
	if cfg.Port == "" {
		cfg.Port = defaultPort
	}
	if n, err := strconv.Atoi(cfg.Port); err != nil || n < 1 || n > 65535 {
		return config{}, fmt.Errorf("invalid PORT %q: must be an integer between 1 and 65535", cfg.Port)
	}
	if cfg.Service == "" {
		cfg.Service = defaultService
	}

	fault := strings.TrimSpace(getenv("DIVE_FAULT"))
	switch {
	case fault == "":
		cfg.Fault = faultNone
	case fault == "unhealthy":
		cfg.Fault = faultUnhealthy
	case fault == "crash":
		cfg.Fault = faultCrash
	case strings.HasPrefix(fault, "slow:"), strings.HasPrefix(fault, "slow-stop:"):
		name, value, _ := strings.Cut(fault, ":")
		ms, err := strconv.Atoi(value)
		if err != nil || ms < 0 || time.Duration(ms)*time.Millisecond > maxSlowDelay {
			return config{}, fmt.Errorf("invalid DIVE_FAULT %q: %s:<ms> needs an integer number of milliseconds between 0 and %d",
				fault, name, maxSlowDelay.Milliseconds())
		}
		cfg.Fault = faultSlow
		if name == "slow-stop" {
			cfg.Fault = faultSlowStop
		}
		cfg.Delay = time.Duration(ms) * time.Millisecond
	default:
		return config{}, fmt.Errorf("invalid DIVE_FAULT %q: expected empty, \"unhealthy\", \"crash\", \"slow:<ms>\" or \"slow-stop:<ms>\"", fault)
	}

	res, err := parseResourceConfig(getenv)
	if err != nil {
		return config{}, err
	}
	cfg.Resources = res
	return cfg, nil
}

// healthBody is the JSON document served by GET /health.
type healthBody struct {
	Status   string `json:"status"`
	Service  string `json:"service"`
	Instance string `json:"instance"`
	Version  string `json:"version"`
	Fault    string `json:"fault,omitempty"`
}

// versionBody is the JSON document served by GET /version.
type versionBody struct {
	Version string `json:"version"`
	Service string `json:"service"`
}

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>DIVE {{.Service}}</title></head>
<body>
<h1>DIVE sandbox: {{.Service}}</h1>
<ul>
<li>service: <span id="service">{{.Service}}</span></li>
<li>instance: <span id="instance">{{if .Instance}}{{.Instance}}{{else}}(none){{end}}</span></li>
<li>version: <span id="version">{{.Version}}</span></li>
</ul>
</body>
</html>
`))

// newHandler builds the HTTP handler for cfg without the resource API.
func newHandler(cfg config) http.Handler {
	return newHandlerWith(cfg, nil)
}

// newHandlerWith builds the HTTP handler for cfg; api, when not nil, serves
// GET /api/resources/{id}. faultCrash is never passed here (the process exits
// first), so it is treated like faultNone.
func newHandlerWith(cfg config, api *resourceAPI) http.Handler {
	mux := http.NewServeMux()

	// Go 1.22 patterns: "GET" also matches HEAD, other methods get 405, and
	// "/{$}" matches only the root so unknown paths fall through to 404.
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		body := healthBody{Status: "ok", Service: cfg.Service, Instance: cfg.Instance, Version: version}
		code := http.StatusOK
		if cfg.Fault == faultUnhealthy {
			body.Status = "unhealthy"
			body.Fault = "unhealthy"
			code = http.StatusServiceUnavailable
		}
		writeJSON(w, code, body)
	})
	mux.HandleFunc("GET /version", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, versionBody{Version: version, Service: cfg.Service})
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		_ = indexTemplate.Execute(w, struct{ Service, Instance, Version string }{cfg.Service, cfg.Instance, version})
	})
	if api != nil {
		mux.Handle("GET /api/resources/{id}", api)
	}

	if cfg.Fault == faultSlow && cfg.Delay > 0 {
		return delay(cfg.Delay, mux)
	}
	return mux
}

// delay postpones every response (including 404/405) by d. If the client goes
// away or the server is force-closed, the wait is abandoned.
func delay(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// serve runs an HTTP server for cfg on ln until ctx is cancelled, then shuts
// it down gracefully. It returns an error only if serving fails before that.
func serve(ctx context.Context, ln net.Listener, cfg config, logger *log.Logger) error {
	return serveWith(ctx, ln, cfg, nil, logger)
}

// serveWith is serve with the resource API api (nil: none).
func serveWith(ctx context.Context, ln net.Listener, cfg config, api *resourceAPI, logger *log.Logger) error {
	srv := &http.Server{
		Handler:           newHandlerWith(cfg, api),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
		// No WriteTimeout: it would cut off slow:<ms> responses longer than it.
		ErrorLog: logger,
	}

	logger.Printf("start service=%s instance=%s version=%s fault=%s addr=%s resources=%s",
		cfg.Service, orNone(cfg.Instance), version, faultLabel(cfg), ln.Addr(), resourcesLabel(cfg, api))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		// Serve only returns early on a listener failure.
		logger.Printf("stop service=%s error=%v", cfg.Service, err)
		return err
	case <-ctx.Done():
	}
	if cfg.Fault == faultSlowStop {
		// Still serving (and healthy) while it "drains": a stop grace shorter than this runs out.
		logger.Printf("stop service=%s requested: draining for %s (DIVE_FAULT=slow-stop)", cfg.Service, cfg.Delay)
		time.Sleep(cfg.Delay)
	}

	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if err != nil {
		// In-flight requests (e.g. long slow:<ms> delays) outlived the grace
		// period: drop them so the process still stops promptly.
		_ = srv.Close()
		// Still a requested stop, so not reported as a failure.
		logger.Printf("stop service=%s forced after %s: %v", cfg.Service, shutdownTimeout, err)
		return nil
	}
	<-errc // http.ErrServerClosed
	logger.Printf("stop service=%s clean", cfg.Service)
	return nil
}

// run is main without os.Exit, so that the exit paths can be tested.
func run(ctx context.Context, getenv func(string) string, stderr io.Writer) int {
	logger := log.New(stderr, "sandbox-app: ", log.LstdFlags|log.LUTC)

	cfg, err := parseConfig(getenv)
	if err != nil {
		logger.Printf("configuration error: %v", err)
		return 2
	}
	if cfg.Fault == faultCrash {
		logger.Printf("DIVE_FAULT=crash: simulated crash at startup (service=%s instance=%s version=%s), exiting with code 1",
			cfg.Service, orNone(cfg.Instance), version)
		return 1
	}

	var api *resourceAPI
	if cfg.Resources.enabled() {
		store, err := newMongoStore(cfg.Resources.MongoURL, cfg.Resources.MongoDatabase, dependencyTimeout)
		if err != nil {
			logger.Printf("configuration error: %v", err) // already free of the URL and its credentials
			return 2
		}
		defer func() {
			closeCtx, cancel := context.WithTimeout(context.Background(), dependencyTimeout)
			defer cancel()
			_ = store.Close(closeCtx)
		}()
		api = newResourceAPI(cfg.Resources, store, logger)
	}

	// 0.0.0.0 on purpose: the app runs inside a container and is reached
	// through the container network / published port. With network "tcp" Go
	// makes this wildcard dual-stack (logged as [::]), so a health check that
	// resolves localhost to ::1 inside the container still connects.
	ln, err := net.Listen("tcp", net.JoinHostPort("0.0.0.0", cfg.Port))
	if err != nil {
		logger.Printf("listen: %v", err)
		return 1
	}
	if err := serveWith(ctx, ln, cfg, api, logger); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return 1
	}
	return 0
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	code := run(ctx, os.Getenv, os.Stderr)
	stop()
	os.Exit(code)
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func resourcesLabel(cfg config, api *resourceAPI) string {
	if api == nil {
		return "off"
	}
	return fmt.Sprintf("on(issuer=%s audience=%s database=%s)", cfg.Resources.Issuer, cfg.Resources.Audience, cfg.Resources.MongoDatabase)
}

func faultLabel(cfg config) string {
	if cfg.Fault == faultSlow || cfg.Fault == faultSlowStop {
		return fmt.Sprintf("%s:%d", cfg.Fault, cfg.Delay.Milliseconds())
	}
	return cfg.Fault.String()
}
