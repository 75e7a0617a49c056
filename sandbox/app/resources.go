package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	// dependencyTimeout bounds each call to Keycloak (JWKS), the database and OPA.
	dependencyTimeout = 3 * time.Second
	// tokenLeeway is the clock skew allowed on exp, nbf and iat.
	tokenLeeway = 30 * time.Second
	// jwksRefetchInterval is the least time between two JWKS fetches.
	jwksRefetchInterval  = 10 * time.Second
	defaultMongoDatabase = "dive-v3"
	// opaDecisionPath is the policy's decision document (sandbox/opa/policy/authz.rego).
	opaDecisionPath = "/v1/data/dive/authz/decision"
	// maxDependencyBody bounds what is read from the JWKS and OPA answers.
	maxDependencyBody = 1 << 20
)

// secretString is a string that never prints itself, so that a config printed
// with %v or %+v (a test failure, a debug line) cannot leak it.
type secretString string

func (secretString) String() string   { return "<redacted>" }
func (secretString) GoString() string { return "<redacted>" }

// resourceConfig is the resource API's configuration; the zero value is "off".
// It stays comparable (config is compared with ==).
type resourceConfig struct {
	Issuer        string // DIVE_TOKEN_ISSUER: the switch
	JWKSURL       string // DIVE_JWKS_URL
	Audience      string // DIVE_TOKEN_AUDIENCE
	OPAURL        string // DIVE_OPA_URL
	MongoURL      secretString
	MongoDatabase string // DIVE_MONGO_DATABASE
}

func (r resourceConfig) enabled() bool { return r.Issuer != "" }

// parseResourceConfig reads the resource API's variables. Without
// DIVE_TOKEN_ISSUER the API is off and the other variables are ignored; with it,
// every required variable must be set and every missing one is named.
func parseResourceConfig(getenv func(string) string) (resourceConfig, error) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	r := resourceConfig{Issuer: get("DIVE_TOKEN_ISSUER")}
	if r.Issuer == "" {
		return resourceConfig{}, nil
	}
	r.JWKSURL = get("DIVE_JWKS_URL")
	r.Audience = get("DIVE_TOKEN_AUDIENCE")
	r.OPAURL = get("DIVE_OPA_URL")
	r.MongoURL = secretString(get("DIVE_MONGO_URL"))
	r.MongoDatabase = get("DIVE_MONGO_DATABASE")

	var missing []string
	for _, v := range []struct{ name, value string }{
		{"DIVE_JWKS_URL", r.JWKSURL},
		{"DIVE_TOKEN_AUDIENCE", r.Audience},
		{"DIVE_OPA_URL", r.OPAURL},
		{"DIVE_MONGO_URL", string(r.MongoURL)},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		verb := "are"
		if len(missing) == 1 {
			verb = "is"
		}
		return resourceConfig{}, fmt.Errorf("incomplete resource API configuration: DIVE_TOKEN_ISSUER is set but %s %s not",
			strings.Join(missing, ", "), verb)
	}

	for _, v := range []struct{ name, value string }{{"DIVE_JWKS_URL", r.JWKSURL}, {"DIVE_OPA_URL", r.OPAURL}} {
		if err := checkHTTPURL(v.value); err != nil {
			return resourceConfig{}, fmt.Errorf("invalid %s %q: %v", v.name, redactURL(v.value), err)
		}
	}
	if err := validateMongoURL(string(r.MongoURL)); err != nil {
		return resourceConfig{}, fmt.Errorf("invalid DIVE_MONGO_URL (value not shown): %v", err)
	}
	if r.MongoDatabase == "" {
		r.MongoDatabase = defaultMongoDatabase
	}
	if strings.ContainsAny(r.MongoDatabase, "/\\. \"$\x00") || len(r.MongoDatabase) > 63 {
		return resourceConfig{}, fmt.Errorf("invalid DIVE_MONGO_DATABASE %q: at most 63 characters, none of / \\ . space \" $", r.MongoDatabase)
	}
	return r, nil
}

func checkHTTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("not a URL")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("must be an absolute http:// or https:// URL")
	}
	return nil
}

// redactURL hides the password of an http(s) URL; unparseable values are hidden whole.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "<unparseable>"
	}
	return u.Redacted()
}

// resource is a document of the "resources" collection. ReleasabilityTo and COI
// are nil when the document lacks them: an absent COI imposes no COI
// requirement in the policy, while an empty or absent releasabilityTo denies.
type resource struct {
	ResourceID      string   `bson:"resourceId"`
	Title           string   `bson:"title"`
	Classification  string   `bson:"classification"`
	ReleasabilityTo []string `bson:"releasabilityTo"`
	COI             []string `bson:"COI"`
}

// resourceStore finds resource documents. FindResource returns errNotFound when
// no document has that resourceId, a *malformedResourceError when the stored
// document cannot be read as a resource, and any other error when the store
// could not answer.
type resourceStore interface {
	FindResource(ctx context.Context, resourceID string) (resource, error)
}

var errNotFound = errors.New("resource not found")

type malformedResourceError struct {
	ResourceID string
	Err        error
}

func (e *malformedResourceError) Error() string {
	return fmt.Sprintf("resource %s is malformed in the datastore: %v", e.ResourceID, e.Err)
}

// policyDecision is OPA's answer for data.dive.authz.decision.
type policyDecision struct {
	Allow  bool   `json:"allow"`
	Reason string `json:"reason"`
}

// policyClient asks OPA for decisions.
type policyClient struct {
	url    string // full decision URL
	client *http.Client
}

func newPolicyClient(baseURL string, timeout time.Duration) *policyClient {
	return &policyClient{
		url:    strings.TrimRight(baseURL, "/") + opaDecisionPath,
		client: &http.Client{Timeout: timeout},
	}
}

// decide posts input to OPA. Any error means no decision (the caller denies).
func (p *policyClient) decide(ctx context.Context, input map[string]any) (policyDecision, error) {
	body, err := json.Marshal(map[string]any{"input": input})
	if err != nil {
		return policyDecision{}, fmt.Errorf("encoding the OPA input: %v", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		return policyDecision{}, fmt.Errorf("building the OPA request: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return policyDecision{}, fmt.Errorf("OPA unreachable: %s", transportReason(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxDependencyBody+1))
	if err != nil {
		return policyDecision{}, fmt.Errorf("reading OPA's answer: %s", transportReason(err))
	}
	if resp.StatusCode != http.StatusOK {
		return policyDecision{}, fmt.Errorf("OPA answered HTTP %d", resp.StatusCode)
	}
	if len(raw) > maxDependencyBody {
		return policyDecision{}, errors.New("OPA's answer is larger than 1 MiB")
	}
	// Strict shape: {"result": {"allow": <bool>, "reason": <string>}}. A missing
	// result means the decision is undefined (policy not loaded): no decision.
	var answer struct {
		Result *struct {
			Allow  *bool   `json:"allow"`
			Reason *string `json:"reason"`
		} `json:"result"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		return policyDecision{}, fmt.Errorf("malformed OPA answer: %v", err)
	}
	switch {
	case answer.Result == nil:
		return policyDecision{}, errors.New("malformed OPA answer: no result (is the dive.authz policy loaded?)")
	case answer.Result.Allow == nil:
		return policyDecision{}, errors.New("malformed OPA answer: result.allow is missing")
	case answer.Result.Reason == nil:
		return policyDecision{}, errors.New("malformed OPA answer: result.reason is missing")
	}
	return policyDecision{Allow: *answer.Result.Allow, Reason: *answer.Result.Reason}, nil
}

// transportReason describes an HTTP client error without the URL it was for.
func transportReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return "no answer within the time limit"
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err.Error()
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// resourceAPI serves GET /api/resources/{id}.
type resourceAPI struct {
	verifier *tokenVerifier
	store    resourceStore
	policy   *policyClient
	logger   *log.Logger
	timeout  time.Duration // per dependency call
}

func newResourceAPI(cfg resourceConfig, store resourceStore, logger *log.Logger) *resourceAPI {
	return newResourceAPIWith(cfg, store, logger, time.Now, dependencyTimeout)
}

// newResourceAPIWith is newResourceAPI with a clock (token times, JWKS refetch
// spacing) and a bound for each dependency call.
func newResourceAPIWith(cfg resourceConfig, store resourceStore, logger *log.Logger, now func() time.Time, timeout time.Duration) *resourceAPI {
	return &resourceAPI{
		verifier: newTokenVerifier(cfg.Issuer, cfg.Audience, newJWKSCache(cfg.JWKSURL, timeout, now), now),
		store:    store,
		policy:   newPolicyClient(cfg.OPAURL, timeout),
		logger:   logger,
		timeout:  timeout,
	}
}

// resourceBody is the 200 answer.
type resourceBody struct {
	ResourceID      string         `json:"resourceId"`
	Title           string         `json:"title"`
	Classification  string         `json:"classification"`
	ReleasabilityTo []string       `json:"releasabilityTo"`
	COI             []string       `json:"COI"`
	Decision        policyDecision `json:"decision"`
}

// outcome is what one request ended with, for the answer and the log line.
type outcome struct {
	status  int
	body    any
	subject string // uniqueID, "" when unknown
	reason  string
}

func (a *resourceAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	o := a.handle(r)
	if o.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", wwwAuthenticate(o.body))
	}
	writeJSON(w, o.status, o.body)
	// %q keeps client-supplied text (path, claims) on one line.
	a.logger.Printf("resource method=%s path=%q status=%d subject=%q reason=%q latency=%s",
		r.Method, r.URL.Path, o.status, orNone(o.subject), o.reason, time.Since(start).Round(time.Microsecond))
}

func (a *resourceAPI) handle(r *http.Request) outcome {
	id := r.PathValue("id")

	raw, problem := bearerToken(r.Header.Get("Authorization"))
	if problem != "" {
		return outcome{status: http.StatusUnauthorized, reason: "missing_token: " + problem,
			body: errorBody{Error: "missing_token", Reason: problem}}
	}
	claims, err := a.verifier.verify(raw)
	if err != nil {
		var unavailable *keysUnavailableError
		if errors.As(err, &unavailable) {
			return outcome{status: http.StatusServiceUnavailable, reason: "jwks_unavailable: " + err.Error(),
				body: errorBody{Error: "jwks_unavailable", Reason: err.Error()}}
		}
		return outcome{status: http.StatusUnauthorized, reason: "invalid_token: " + err.Error(),
			body: errorBody{Error: "invalid_token", Reason: err.Error()}}
	}
	subject := claims.uniqueID()

	ctx, cancel := context.WithTimeout(r.Context(), a.timeout)
	doc, err := a.store.FindResource(ctx, id)
	cancel()
	var malformed *malformedResourceError
	switch {
	case errors.Is(err, errNotFound):
		return outcome{status: http.StatusNotFound, subject: subject, reason: "not_found",
			body: notFoundBody{Error: "not_found", ResourceID: id}}
	case errors.As(err, &malformed):
		return outcome{status: http.StatusInternalServerError, subject: subject, reason: "invalid_resource: " + err.Error(),
			body: errorBody{Error: "invalid_resource", Reason: err.Error()}}
	case err != nil:
		return outcome{status: http.StatusServiceUnavailable, subject: subject, reason: "datastore_unavailable: " + err.Error(),
			body: errorBody{Error: "datastore_unavailable", Reason: err.Error()}}
	}

	ctx, cancel = context.WithTimeout(r.Context(), a.timeout)
	decision, err := a.policy.decide(ctx, map[string]any{"subject": claims.subject(), "resource": doc.policyInput()})
	cancel()
	if err != nil {
		return outcome{status: http.StatusServiceUnavailable, subject: subject, reason: "policy_unavailable: " + err.Error(),
			body: errorBody{Error: "policy_unavailable", Reason: err.Error()}}
	}
	if !decision.Allow {
		return outcome{status: http.StatusForbidden, subject: subject, reason: decision.Reason,
			body: errorBody{Error: "forbidden", Reason: decision.Reason}}
	}
	return outcome{status: http.StatusOK, subject: subject, reason: decision.Reason, body: resourceBody{
		ResourceID:      doc.ResourceID,
		Title:           doc.Title,
		Classification:  doc.Classification,
		ReleasabilityTo: nonNil(doc.ReleasabilityTo),
		COI:             nonNil(doc.COI),
		Decision:        decision,
	}}
}

type errorBody struct {
	Error  string `json:"error"`
	Reason string `json:"reason"`
}

type notFoundBody struct {
	Error      string `json:"error"`
	ResourceID string `json:"resourceId"`
}

// policyInput is the resource half of the OPA input. Absent lists stay absent
// (for COI that means "no requirement"; null would be "invalid resource COI").
func (d resource) policyInput() map[string]any {
	in := map[string]any{
		"resourceId":     d.ResourceID,
		"classification": d.Classification,
	}
	if d.ReleasabilityTo != nil {
		in["releasabilityTo"] = d.ReleasabilityTo
	}
	if d.COI != nil {
		in["COI"] = d.COI
	}
	return in
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// bearerToken extracts the token of an "Authorization: Bearer <token>" header,
// or says why there is none.
func bearerToken(header string) (token, problem string) {
	header = strings.TrimSpace(header)
	if header == "" {
		return "", "no Authorization header"
	}
	scheme, rest, _ := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", "the Authorization header is not a Bearer token"
	}
	if token = strings.TrimSpace(rest); token == "" {
		return "", "the Authorization header has an empty Bearer token"
	}
	return token, ""
}

// wwwAuthenticate builds the RFC 6750 challenge for a 401 body.
func wwwAuthenticate(body any) string {
	b, ok := body.(errorBody)
	if !ok || b.Error != "invalid_token" {
		// No credentials (or not a Bearer token): no error code, per RFC 6750 3.1.
		return "Bearer"
	}
	return fmt.Sprintf("Bearer error=\"invalid_token\", error_description=\"%s\"", quotable(b.Reason))
}

// quotable keeps only the characters RFC 6750 allows in error_description
// (printable ASCII except '"' and '\').
func quotable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return '\''
		case r == '\\':
			return '/'
		case r < 0x20 || r > 0x7e:
			return '?'
		}
		return r
	}, s)
}
