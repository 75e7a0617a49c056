package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	testIssuer   = "http://keycloak.test:8080/realms/dive-v3-broker"
	testAudience = "dive-v3-client-broker"
)

// t0 is the fixture clock's start.
var t0 = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)

var (
	keysOnce           sync.Once
	realmKey, rogueKey *rsa.PrivateKey
)

// testKeys returns the realm's signing key and an unrelated key, generated once.
func testKeys(t *testing.T) (realm, rogue *rsa.PrivateKey) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if realmKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if rogueKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return realmKey, rogueKey
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// jwk renders pub as a JWK.
func jwk(kid string, pub *rsa.PublicKey) map[string]any {
	return map[string]any{
		"kid": kid, "kty": "RSA", "alg": "RS256", "use": "sig",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}
}

// jwksServer serves a settable JWK set and counts the fetches.
type jwksServer struct {
	*httptest.Server
	mu      sync.Mutex
	keys    []map[string]any
	status  int
	hold    chan struct{} // when set, a fetch reports on entered and waits for hold to close
	entered chan struct{}
	fetches atomic.Int32
}

func newJWKSServer(t *testing.T, keys ...map[string]any) *jwksServer {
	s := &jwksServer{keys: keys, status: http.StatusOK}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fetches.Add(1)
		s.mu.Lock()
		hold, entered := s.hold, s.entered
		s.mu.Unlock()
		if hold != nil {
			entered <- struct{}{}
			<-hold
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(s.status)
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": s.keys})
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(status int, keys ...map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.keys = status, keys
}

// fakeOPA records the inputs it is asked about and gives a settable answer.
type fakeOPA struct {
	*httptest.Server
	mu     sync.Mutex
	status int
	answer string
	block  bool // wait for the client to give up instead of answering
	inputs []map[string]any
	paths  []string
}

func newFakeOPA(t *testing.T) *fakeOPA {
	o := &fakeOPA{status: http.StatusOK, answer: `{"result":{"allow":true,"reason":"all checks passed"}}`}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Input map[string]any `json:"input"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		o.mu.Lock()
		o.inputs = append(o.inputs, body.Input)
		o.paths = append(o.paths, r.Method+" "+r.URL.Path)
		status, answer, block := o.status, o.answer, o.block
		o.mu.Unlock()
		if block {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(o.Close)
	return o
}

func (o *fakeOPA) set(status int, answer string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.status, o.answer = status, answer
}

func (o *fakeOPA) calls() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.inputs)
}

func (o *fakeOPA) lastInput(t *testing.T) map[string]any {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.inputs) == 0 {
		t.Fatal("OPA was not asked")
	}
	return o.inputs[len(o.inputs)-1]
}

// memStore is the in-memory resourceStore.
type memStore struct {
	mu    sync.Mutex
	docs  map[string]resource
	err   error
	block bool // wait until the caller's deadline
	calls int
}

func (m *memStore) FindResource(ctx context.Context, id string) (resource, error) {
	m.mu.Lock()
	m.calls++
	docs, err, block := m.docs, m.err, m.block
	m.mu.Unlock()
	if block {
		<-ctx.Done()
		return resource{}, errors.New("the datastore did not answer within the time limit")
	}
	if err != nil {
		return resource{}, err
	}
	d, ok := docs[id]
	if !ok {
		return resource{}, errNotFound
	}
	return d, nil
}

func (m *memStore) callCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls
}

// fixture is a resource API wired to a fake realm, a fake OPA and an in-memory store.
type fixture struct {
	t       *testing.T
	clock   *fakeClock
	jwks    *jwksServer
	opa     *fakeOPA
	store   *memStore
	logs    *syncBuffer
	api     *resourceAPI
	handler http.Handler
}

// newFixture gives each dependency call 10 s: far more than the fakes need
// even on a busy machine, so only the tests about hanging dependencies (which
// use newFixtureWithTimeout) ever run into it.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWithTimeout(t, 10*time.Second)
}

func newFixtureWithTimeout(t *testing.T, timeout time.Duration) *fixture {
	t.Helper()
	realm, _ := testKeys(t)
	f := &fixture{
		t:     t,
		clock: &fakeClock{now: t0},
		jwks:  newJWKSServer(t, jwk("k1", &realm.PublicKey)),
		opa:   newFakeOPA(t),
		store: &memStore{docs: map[string]resource{
			"doc-1": {ResourceID: "doc-1", Title: "Exercise plan", Classification: "CONFIDENTIAL",
				ReleasabilityTo: []string{"FRA", "USA"}, COI: []string{"NATO"}},
			"doc-open": {ResourceID: "doc-open", Title: "No COI", Classification: "UNCLASSIFIED",
				ReleasabilityTo: []string{"FRA"}},
		}},
		logs: &syncBuffer{},
	}
	cfg := resourceConfig{Issuer: testIssuer, Audience: testAudience, JWKSURL: f.jwks.URL + "/certs",
		OPAURL: f.opa.URL + "/", MongoURL: "mongodb://unused/", MongoDatabase: "dive-v3"}
	f.api = newResourceAPIWith(cfg, f.store, log.New(f.logs, "", 0), f.clock.Now, timeout)
	f.handler = newHandlerWith(config{Service: "backend", Instance: "fra"}, f.api)
	return f
}

// shortenStoreAndPolicyLimits bounds the store and OPA calls by d, leaving
// the JWKS fetch its generous limit.
func (f *fixture) shortenStoreAndPolicyLimits(d time.Duration) {
	f.api.timeout = d
	f.api.policy.client.Timeout = d
}

// claims are the default claims of a token for testuser-fra-3 at the fixture's time.
func (f *fixture) claims() jwt.MapClaims {
	now := f.clock.Now()
	return jwt.MapClaims{
		"iss":                  testIssuer,
		"aud":                  testAudience,
		"sub":                  "0b5b2a0e-7d55-4f2e-9c7e-1f1f5c2a9d10",
		"exp":                  now.Add(5 * time.Minute).Unix(),
		"iat":                  now.Unix(),
		"uniqueID":             "testuser-fra-3",
		"clearance":            "SECRET",
		"countryOfAffiliation": "FRA",
		"acpCOI":               []string{"NATO"},
	}
}

// sign signs claims with RS256 and key under kid ("" leaves kid out).
func sign(t *testing.T, claims jwt.MapClaims, kid string, key *rsa.PrivateKey) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// token is a valid token with changes applied to the default claims.
func (f *fixture) token(change func(jwt.MapClaims)) string {
	realm, _ := testKeys(f.t)
	c := f.claims()
	if change != nil {
		change(c)
	}
	return sign(f.t, c, "k1", realm)
}

func (f *fixture) get(path, authorization string) *httptest.ResponseRecorder {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

// jsonBody decodes a JSON answer into a generic value.
func jsonBody(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	return decode[map[string]any](t, rec)
}

// asJSON round-trips v through JSON so it compares with decoded bodies.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func assertJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	if g, w := asJSON(t, got), asJSON(t, want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s =\n  %v\nwant\n  %v", what, g, w)
	}
}

func TestResourceAllowed(t *testing.T) {
	f := newFixture(t)
	token := f.token(nil)
	rec := f.get("/api/resources/doc-1", "Bearer "+token)
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
	}
	assertJSON(t, "body", jsonBody(t, rec), map[string]any{
		"resourceId": "doc-1", "title": "Exercise plan", "classification": "CONFIDENTIAL",
		"releasabilityTo": []string{"FRA", "USA"}, "COI": []string{"NATO"},
		"decision": map[string]any{"allow": true, "reason": "all checks passed"},
	})
	assertJSON(t, "OPA input", f.opa.lastInput(t), map[string]any{
		"subject": map[string]any{"uniqueID": "testuser-fra-3", "clearance": "SECRET",
			"countryOfAffiliation": "FRA", "acpCOI": []string{"NATO"}},
		"resource": map[string]any{"resourceId": "doc-1", "classification": "CONFIDENTIAL",
			"releasabilityTo": []string{"FRA", "USA"}, "COI": []string{"NATO"}},
	})
	if got := f.opa.paths; len(got) != 1 || got[0] != "POST /v1/data/dive/authz/decision" {
		t.Errorf("OPA requests = %v, want one POST /v1/data/dive/authz/decision", got)
	}

	logs := f.logs.String()
	if strings.Count(logs, "\n") != 1 {
		t.Errorf("want exactly one log line, got:\n%s", logs)
	}
	for _, want := range []string{"method=GET", `path="/api/resources/doc-1"`, "status=200",
		`subject="testuser-fra-3"`, `reason="all checks passed"`, "latency="} {
		if !strings.Contains(logs, want) {
			t.Errorf("log line lacks %s:\n%s", want, logs)
		}
	}
	assertNoToken(t, logs, token)
}

// assertNoToken fails when any part of token shows in s.
func assertNoToken(t *testing.T, s, token string) {
	t.Helper()
	for _, part := range strings.Split(token, ".") {
		if len(part) > 8 && strings.Contains(s, part) {
			t.Errorf("the token (or a part of it) was logged:\n%s", s)
		}
	}
}

func TestResourceAllowedVariants(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(jwt.MapClaims)
	}{
		{"audience array containing ours", func(c jwt.MapClaims) { c["aud"] = []string{"account", testAudience} }},
		{"expired within the leeway", func(c jwt.MapClaims) { c["exp"] = t0.Add(-29 * time.Second).Unix() }},
		{"nbf in the future within the leeway", func(c jwt.MapClaims) { c["nbf"] = t0.Add(29 * time.Second).Unix() }},
		{"iat in the future within the leeway", func(c jwt.MapClaims) { c["iat"] = t0.Add(29 * time.Second).Unix() }},
		{"no iat", func(c jwt.MapClaims) { delete(c, "iat") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if rec := f.get("/api/resources/doc-1", "Bearer "+f.token(tc.change)); rec.Code != http.StatusOK {
				t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
			}
		})
	}
}

func TestResourceDeniedByPolicy(t *testing.T) {
	f := newFixture(t)
	f.opa.set(http.StatusOK, `{"result":{"allow":false,"reason":"clearance CONFIDENTIAL below classification SECRET"}}`)
	rec := f.get("/api/resources/doc-1", "Bearer "+f.token(func(c jwt.MapClaims) { c["clearance"] = "CONFIDENTIAL" }))
	if rec.Code != http.StatusForbidden {
		t.Fatalf("status = %d, want 403; body %s", rec.Code, rec.Body)
	}
	assertJSON(t, "body", jsonBody(t, rec), map[string]any{
		"error": "forbidden", "reason": "clearance CONFIDENTIAL below classification SECRET"})
	if got := f.opa.lastInput(t)["subject"].(map[string]any)["clearance"]; got != "CONFIDENTIAL" {
		t.Errorf("OPA was asked about clearance %v, want the token's CONFIDENTIAL", got)
	}
	if logs := f.logs.String(); !strings.Contains(logs, "status=403") ||
		!strings.Contains(logs, `reason="clearance CONFIDENTIAL below classification SECRET"`) {
		t.Errorf("log line does not give the denial:\n%s", logs)
	}
}

func TestAcpCOIClaimShapes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(jwt.MapClaims)
		want   any // acpCOI in the OPA input; nil: absent
	}{
		{"string is a one-element array", func(c jwt.MapClaims) { c["acpCOI"] = "NATO" }, []any{"NATO"}},
		{"array as is", func(c jwt.MapClaims) { c["acpCOI"] = []string{"NATO", "FVEY"} }, []any{"NATO", "FVEY"}},
		{"absent stays absent", func(c jwt.MapClaims) { delete(c, "acpCOI") }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if rec := f.get("/api/resources/doc-1", "Bearer "+f.token(tc.change)); rec.Code != http.StatusOK {
				t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
			}
			got, present := f.opa.lastInput(t)["subject"].(map[string]any)["acpCOI"]
			if tc.want == nil {
				if present {
					t.Errorf("acpCOI = %v, want it absent", got)
				}
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("acpCOI = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestAbsentResourceListsStayAbsent(t *testing.T) {
	f := newFixture(t)
	rec := f.get("/api/resources/doc-open", "Bearer "+f.token(nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
	}
	if coi, ok := jsonBody(t, rec)["COI"].([]any); !ok || len(coi) != 0 {
		t.Errorf("COI in the answer = %v, want []", jsonBody(t, rec)["COI"])
	}
	// Absent, not null: the policy reads null as an invalid COI list.
	if _, present := f.opa.lastInput(t)["resource"].(map[string]any)["COI"]; present {
		t.Errorf("OPA input has a COI for a document without one: %v", f.opa.lastInput(t))
	}

	// Without releasabilityTo the policy must see it missing (and deny).
	f.store.docs["doc-bare"] = resource{ResourceID: "doc-bare", Classification: "UNCLASSIFIED"}
	f.opa.set(http.StatusOK, `{"result":{"allow":false,"reason":"missing resource releasabilityTo"}}`)
	if rec := f.get("/api/resources/doc-bare", "Bearer "+f.token(nil)); rec.Code != http.StatusForbidden {
		t.Fatalf("status = %d, want 403; body %s", rec.Code, rec.Body)
	}
	assertJSON(t, "OPA resource input", f.opa.lastInput(t)["resource"],
		map[string]any{"resourceId": "doc-bare", "classification": "UNCLASSIFIED"})
}

func TestTokenRejected(t *testing.T) {
	realm, rogue := testKeys(t)
	type tokenFunc func(f *fixture) string
	bearer := func(change func(jwt.MapClaims)) tokenFunc {
		return func(f *fixture) string { return "Bearer " + f.token(change) }
	}
	tests := []struct {
		name   string
		header tokenFunc
		error  string // error code in the body
		reason string // substring of the reason
	}{
		{"missing header", func(*fixture) string { return "" }, "missing_token", "no Authorization header"},
		{"basic auth", func(*fixture) string { return "Basic dXNlcjpwYXNz" }, "missing_token", "not a Bearer token"},
		{"empty bearer", func(*fixture) string { return "Bearer " }, "missing_token", "empty Bearer token"},
		{"malformed", func(*fixture) string { return "Bearer abc.def" }, "invalid_token", "malformed token"},
		{"wrong issuer", bearer(func(c jwt.MapClaims) { c["iss"] = "http://evil.test/realms/x" }),
			"invalid_token", "issuer http://evil.test/realms/x is not " + testIssuer},
		{"missing issuer", bearer(func(c jwt.MapClaims) { delete(c, "iss") }), "invalid_token", "issuer is missing"},
		{"issuer differs by a slash", bearer(func(c jwt.MapClaims) { c["iss"] = testIssuer + "/" }),
			"invalid_token", "issuer " + testIssuer + "/ is not " + testIssuer},
		{"wrong audience", bearer(func(c jwt.MapClaims) { c["aud"] = "account" }),
			"invalid_token", "audience [account] does not contain " + testAudience},
		{"wrong audience array", bearer(func(c jwt.MapClaims) { c["aud"] = []string{"account", "kas"} }),
			"invalid_token", "audience [account kas] does not contain " + testAudience},
		{"missing audience", bearer(func(c jwt.MapClaims) { delete(c, "aud") }), "invalid_token", "audience is missing"},
		{"expired", bearer(func(c jwt.MapClaims) { c["exp"] = t0.Add(-31 * time.Second).Unix() }),
			"invalid_token", "token expired at 2026-01-15T09:59:29Z"},
		{"no exp", bearer(func(c jwt.MapClaims) { delete(c, "exp") }), "invalid_token", "no exp"},
		{"nbf in the future", bearer(func(c jwt.MapClaims) { c["nbf"] = t0.Add(31 * time.Second).Unix() }),
			"invalid_token", "not valid before 2026-01-15T10:00:31Z"},
		{"iat in the future", bearer(func(c jwt.MapClaims) { c["iat"] = t0.Add(time.Hour).Unix() }),
			"invalid_token", "issued in the future at 2026-01-15T11:00:00Z"},
		{"bad signature", func(f *fixture) string { return "Bearer " + sign(t, f.claims(), "k1", rogue) },
			"invalid_token", `signature does not verify with key "k1"`},
		{"tampered claims", func(f *fixture) string {
			parts := strings.Split(f.token(nil), ".")
			forged, _ := json.Marshal(map[string]any{"iss": testIssuer, "aud": testAudience, "exp": t0.Add(time.Hour).Unix(),
				"uniqueID": "testuser-fra-3", "clearance": "TOP_SECRET", "countryOfAffiliation": "FRA"})
			parts[1] = base64.RawURLEncoding.EncodeToString(forged)
			return "Bearer " + strings.Join(parts, ".")
		}, "invalid_token", "signature does not verify"},
		{"alg none", func(f *fixture) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodNone, f.claims())
			tok.Header["kid"] = "k1"
			s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
			if err != nil {
				t.Fatal(err)
			}
			return "Bearer " + s
		}, "invalid_token", `alg "none" is not allowed (RS256 only)`},
		{"alg HS256 keyed with the public key", func(f *fixture) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, f.claims())
			tok.Header["kid"] = "k1"
			s, err := tok.SignedString(realm.PublicKey.N.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			return "Bearer " + s
		}, "invalid_token", `alg "HS256" is not allowed`},
		{"alg RS512", func(f *fixture) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodRS512, f.claims())
			tok.Header["kid"] = "k1"
			s, err := tok.SignedString(realm)
			if err != nil {
				t.Fatal(err)
			}
			return "Bearer " + s
		}, "invalid_token", `alg "RS512" is not allowed`},
		{"unknown kid", func(f *fixture) string { return "Bearer " + sign(t, f.claims(), "k9", realm) },
			"invalid_token", `unknown kid "k9"`},
		{"no kid", func(f *fixture) string { return "Bearer " + sign(t, f.claims(), "", realm) },
			"invalid_token", "no kid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			header := tc.header(f)
			rec := f.get("/api/resources/doc-1", header)
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("status = %d, want 401; body %s", rec.Code, rec.Body)
			}
			body := jsonBody(t, rec)
			reason, _ := body["reason"].(string)
			if body["error"] != tc.error || !strings.Contains(reason, tc.reason) || len(body) != 2 {
				t.Errorf("body = %v, want error %q and a reason containing %q", body, tc.error, tc.reason)
			}
			challenge := rec.Header().Get("WWW-Authenticate")
			if tc.error == "missing_token" {
				if challenge != "Bearer" {
					t.Errorf("WWW-Authenticate = %q, want Bearer", challenge)
				}
			} else {
				want := `Bearer error="invalid_token", error_description="` + strings.ReplaceAll(reason, `"`, "'") + `"`
				if challenge != want {
					t.Errorf("WWW-Authenticate = %q, want %q", challenge, want)
				}
			}
			if n := f.store.callCount(); n != 0 {
				t.Errorf("the store was read %d times for a rejected token", n)
			}
			if n := f.opa.calls(); n != 0 {
				t.Errorf("OPA was asked %d times for a rejected token", n)
			}
			logs := f.logs.String()
			if !strings.Contains(logs, "status=401") || !strings.Contains(logs, tc.error) {
				t.Errorf("log line lacks the status or error:\n%s", logs)
			}
			if token, ok := strings.CutPrefix(header, "Bearer "); ok {
				assertNoToken(t, logs, token)
			}
		})
	}
}

func TestJWKSRefetchedForANewKidAtMostEvery10s(t *testing.T) {
	realm, rogue := testKeys(t)
	f := newFixture(t)
	get := func(kid string, key *rsa.PrivateKey) int {
		return f.get("/api/resources/doc-1", "Bearer "+sign(t, f.claims(), kid, key)).Code
	}
	if code := get("k1", realm); code != http.StatusOK {
		t.Fatalf("first request = %d", code)
	}
	if code := get("k1", realm); code != http.StatusOK || f.jwks.fetches.Load() != 1 {
		t.Fatalf("second request = %d after %d fetches; want 200 from the cache (1 fetch)", code, f.jwks.fetches.Load())
	}

	// The realm rotates to k2; the cache learns about it only after 10 s.
	f.jwks.set(http.StatusOK, jwk("k1", &realm.PublicKey), jwk("k2", &rogue.PublicKey))
	f.clock.Set(t0.Add(9*time.Second + 999*time.Millisecond))
	if code := get("k2", rogue); code != http.StatusUnauthorized || f.jwks.fetches.Load() != 1 {
		t.Fatalf("k2 within 10 s = %d after %d fetches; want 401 without a refetch", code, f.jwks.fetches.Load())
	}
	f.clock.Set(t0.Add(10 * time.Second))
	if code := get("k2", rogue); code != http.StatusOK || f.jwks.fetches.Load() != 2 {
		t.Fatalf("k2 after 10 s = %d after %d fetches; want 200 after one refetch", code, f.jwks.fetches.Load())
	}

	// Made-up kids do not hammer Keycloak either.
	for i := 0; i < 5; i++ {
		if code := get(fmt.Sprintf("bogus-%d", i), realm); code != http.StatusUnauthorized {
			t.Fatalf("bogus kid = %d", code)
		}
	}
	if n := f.jwks.fetches.Load(); n != 2 {
		t.Errorf("%d fetches after unknown kids within 10 s, want 2", n)
	}
	f.clock.Set(t0.Add(20 * time.Second))
	get("bogus-x", realm)
	if n := f.jwks.fetches.Load(); n != 3 {
		t.Errorf("%d fetches after an unknown kid 10 s later, want 3", n)
	}
}

func TestKnownKidsDoNotWaitForARefetch(t *testing.T) {
	realm, _ := testKeys(t)
	// Long enough that the held refetch cannot time out during the test.
	f := newFixtureWithTimeout(t, time.Minute)
	if rec := f.get("/api/resources/doc-1", "Bearer "+f.token(nil)); rec.Code != http.StatusOK {
		t.Fatalf("first request = %d", rec.Code)
	}
	hold := make(chan struct{})
	f.jwks.mu.Lock()
	f.jwks.hold, f.jwks.entered = hold, make(chan struct{}, 1)
	f.jwks.mu.Unlock()

	// An unknown kid starts a refetch that Keycloak does not answer yet...
	f.clock.Set(t0.Add(time.Minute))
	bogus := sign(t, f.claims(), "bogus", realm)
	done := make(chan int, 1)
	go func() { done <- f.get("/api/resources/doc-1", "Bearer "+bogus).Code }()
	<-f.jwks.entered

	// ...while a token with a known kid is served from the cache.
	known := make(chan int, 1)
	go func() { known <- f.get("/api/resources/doc-1", "Bearer "+f.token(nil)).Code }()
	select {
	case code := <-known:
		if code != http.StatusOK {
			t.Errorf("known kid during a refetch = %d, want 200", code)
		}
	case <-time.After(5 * time.Second):
		t.Error("a token with a known kid waited for the refetch")
	}
	close(hold)
	if code := <-done; code != http.StatusUnauthorized {
		t.Errorf("unknown kid = %d, want 401", code)
	}
}

func TestJWKSUnavailable(t *testing.T) {
	realm, _ := testKeys(t)
	f := newFixture(t)
	f.jwks.set(http.StatusInternalServerError)
	rec := f.get("/api/resources/doc-1", "Bearer "+f.token(nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503; body %s", rec.Code, rec.Body)
	}
	body := jsonBody(t, rec)
	if body["error"] != "jwks_unavailable" || !strings.Contains(body["reason"].(string), "HTTP 500") {
		t.Errorf("body = %v", body)
	}
	if f.store.callCount() != 0 || f.opa.calls() != 0 {
		t.Error("the store or OPA was used without a verified token")
	}

	// Keycloak is back: the next fetch, 10 s later, succeeds.
	f.jwks.set(http.StatusOK, jwk("k1", &realm.PublicKey))
	f.clock.Set(t0.Add(10 * time.Second))
	if rec := f.get("/api/resources/doc-1", "Bearer "+f.token(nil)); rec.Code != http.StatusOK {
		t.Fatalf("after recovery: status = %d, body %s", rec.Code, rec.Body)
	}
}

func TestParseJWKS(t *testing.T) {
	realm, rogue := testKeys(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	padded := jwk("padded", &rogue.PublicKey)
	padded["n"] = base64.URLEncoding.EncodeToString(rogue.PublicKey.N.Bytes())
	enc := jwk("enc", &realm.PublicKey)
	enc["use"], enc["alg"] = "enc", "RSA-OAEP"
	encNoAlg := jwk("enc-no-alg", &realm.PublicKey)
	encNoAlg["use"] = "enc"
	delete(encNoAlg, "alg")
	rs512 := jwk("rs512", &realm.PublicKey)
	rs512["alg"] = "RS512"
	noUse := jwk("no-use", &realm.PublicKey)
	delete(noUse, "use")
	delete(noUse, "alg")
	badN := jwk("bad-n", &realm.PublicKey)
	badN["n"] = "***"
	badE := jwk("bad-e", &realm.PublicKey)
	badE["e"] = "AQ" // 1
	raw, _ := json.Marshal(map[string]any{"keys": []any{
		jwk("sig", &realm.PublicKey), padded, enc, encNoAlg, rs512, noUse, badN, badE, jwk("small", &small.PublicKey),
		map[string]any{"kid": "ec", "kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"},
	}})
	keys, err := parseJWKS(raw)
	if err != nil {
		t.Fatal(err)
	}
	var kids []string
	for kid := range keys {
		kids = append(kids, kid)
	}
	if len(keys) != 3 || keys["sig"] == nil || keys["padded"] == nil || keys["no-use"] == nil {
		t.Fatalf("kept %v, want sig, padded and no-use", kids)
	}
	if !keys["sig"].Equal(&realm.PublicKey) || !keys["padded"].Equal(&rogue.PublicKey) {
		t.Error("a key was not parsed to the key it encodes")
	}
	if _, err := parseJWKS([]byte("<html>")); err == nil {
		t.Error("a non-JSON JWKS was accepted")
	}
}

func TestResourceNotFound(t *testing.T) {
	f := newFixture(t)
	rec := f.get("/api/resources/no-such-doc", "Bearer "+f.token(nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status = %d, want 404; body %s", rec.Code, rec.Body)
	}
	assertJSON(t, "body", jsonBody(t, rec), map[string]any{"error": "not_found", "resourceId": "no-such-doc"})
	if f.opa.calls() != 0 {
		t.Error("OPA was asked about a resource that does not exist")
	}
}

func TestStoreFailures(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(*memStore)
		status int
		error  string
		reason string
		hangs  bool // the store never answers: use a short time limit
	}{
		{"store error", func(m *memStore) { m.err = errors.New("datastore error: connection refused") },
			http.StatusServiceUnavailable, "datastore_unavailable", "connection refused", false},
		{"store hangs", func(m *memStore) { m.block = true },
			http.StatusServiceUnavailable, "datastore_unavailable", "time limit", true},
		{"malformed document", func(m *memStore) {
			m.err = &malformedResourceError{ResourceID: "doc-1", Err: errors.New("classification: not a string")}
		}, http.StatusInternalServerError, "invalid_resource", "resource doc-1 is malformed", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if tc.hangs {
				f.shortenStoreAndPolicyLimits(200 * time.Millisecond)
			}
			tc.setup(f.store)
			rec := f.get("/api/resources/doc-1", "Bearer "+f.token(nil))
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			body := jsonBody(t, rec)
			if body["error"] != tc.error || !strings.Contains(fmt.Sprint(body["reason"]), tc.reason) {
				t.Errorf("body = %v, want error %s with a reason containing %q", body, tc.error, tc.reason)
			}
			if f.opa.calls() != 0 {
				t.Error("OPA was asked without the resource's metadata")
			}
			if logs := f.logs.String(); !strings.Contains(logs, fmt.Sprintf("status=%d", tc.status)) ||
				!strings.Contains(logs, `subject="testuser-fra-3"`) {
				t.Errorf("log line:\n%s", logs)
			}
		})
	}
}

func TestPolicyUnavailableFailsClosed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(*fakeOPA)
		reason string
		hangs  bool // OPA never answers: use a short time limit
	}{
		{"OPA down", func(o *fakeOPA) { o.Close() }, "OPA unreachable", false},
		{"OPA hangs", func(o *fakeOPA) { o.block = true }, "no answer within the time limit", true},
		{"HTTP 500", func(o *fakeOPA) { o.set(http.StatusInternalServerError, `{"code":"internal_error"}`) }, "HTTP 500", false},
		{"undefined decision", func(o *fakeOPA) { o.set(http.StatusOK, `{}`) }, "no result", false},
		{"allow not a boolean", func(o *fakeOPA) { o.set(http.StatusOK, `{"result":{"allow":"true","reason":"x"}}`) }, "malformed OPA answer", false},
		{"allow missing", func(o *fakeOPA) { o.set(http.StatusOK, `{"result":{"reason":"x"}}`) }, "result.allow is missing", false},
		{"reason missing", func(o *fakeOPA) { o.set(http.StatusOK, `{"result":{"allow":true}}`) }, "result.reason is missing", false},
		{"not JSON", func(o *fakeOPA) { o.set(http.StatusOK, `allow`) }, "malformed OPA answer", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if tc.hangs {
				f.shortenStoreAndPolicyLimits(200 * time.Millisecond)
			}
			tc.setup(f.opa)
			rec := f.get("/api/resources/doc-1", "Bearer "+f.token(nil))
			if rec.Code != http.StatusServiceUnavailable {
				t.Fatalf("status = %d, want 503; body %s", rec.Code, rec.Body)
			}
			body := jsonBody(t, rec)
			if body["error"] != "policy_unavailable" || !strings.Contains(fmt.Sprint(body["reason"]), tc.reason) {
				t.Errorf("body = %v, want policy_unavailable with a reason containing %q", body, tc.reason)
			}
			if strings.Contains(fmt.Sprint(body["reason"]), f.opa.URL) {
				t.Errorf("reason names OPA's URL: %v", body["reason"])
			}
		})
	}
}

func TestResourceAPIOffWithoutIssuer(t *testing.T) {
	cfg, err := parseConfig(env(map[string]string{
		"DIVE_SERVICE": "kas", "DIVE_OPA_URL": "http://opa:8181", "DIVE_MONGO_URL": "mongodb://mongodb:27017/",
	}))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if cfg.Resources.enabled() || cfg.Resources != (resourceConfig{}) {
		t.Fatalf("resource API configured without DIVE_TOKEN_ISSUER: %+v", cfg.Resources)
	}
	h := newHandler(cfg)
	req := httptest.NewRequest(http.MethodGet, "/api/resources/doc-1", nil)
	req.Header.Set("Authorization", "Bearer x.y.z")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET /api/resources/doc-1 = %d, want 404", rec.Code)
	}
}

func TestResourceRoutes(t *testing.T) {
	f := newFixture(t)
	token := "Bearer " + f.token(nil)
	for _, p := range []string{"/api/resources/", "/api/resources", "/api/resources/doc-1/extra"} {
		if rec := f.get(p, token); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/api/resources/doc-1", nil)
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/resources/doc-1 = %d, want 405", rec.Code)
	}
	// Lower-case scheme is still a Bearer token.
	if rec := f.get("/api/resources/doc-1", "bearer "+strings.TrimPrefix(token, "Bearer ")); rec.Code != http.StatusOK {
		t.Errorf("lower-case bearer = %d, want 200", rec.Code)
	}
}

func TestHealthIndependentOfDependencies(t *testing.T) {
	f := newFixture(t)
	f.opa.Close()
	f.jwks.Close()
	f.store.err = errors.New("down")
	rec := do(t, f.handler, http.MethodGet, "/health")
	if rec.Code != http.StatusOK || decode[healthBody](t, rec).Status != "ok" {
		t.Fatalf("/health = %d %s with every dependency down, want 200 ok", rec.Code, rec.Body)
	}
	if rec := do(t, f.handler, http.MethodGet, "/version"); rec.Code != http.StatusOK {
		t.Errorf("/version = %d", rec.Code)
	}
	if rec := f.get("/api/resources/doc-1", "Bearer "+f.token(nil)); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("resource with the realm down = %d, want 503", rec.Code)
	}
}

func TestServeWithResourceAPI(t *testing.T) {
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	cfg := config{Service: "backend", Instance: "fra", Resources: resourceConfig{Issuer: testIssuer, Audience: testAudience, MongoDatabase: "dive-v3"}}
	go func() { done <- serveWith(ctx, ln, cfg, f.api, log.New(logs, "", 0)) }()

	req, _ := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+"/api/resources/doc-1", nil)
	req.Header.Set("Authorization", "Bearer "+f.token(nil))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"title":"Exercise plan"`)) {
		t.Errorf("GET /api/resources/doc-1 over HTTP = %d %s", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v", err)
	}
	if out := logs.String(); !strings.Contains(out, "resources=on(issuer="+testIssuer) || strings.Contains(out, "mongodb://") {
		t.Errorf("start line should say the API is on (and never show the Mongo URL):\n%s", out)
	}
}

// fullEnv is a complete resource API configuration.
func fullEnv() map[string]string {
	return map[string]string{
		"DIVE_SERVICE":        "backend",
		"DIVE_TOKEN_ISSUER":   testIssuer,
		"DIVE_JWKS_URL":       testIssuer + "/protocol/openid-connect/certs",
		"DIVE_TOKEN_AUDIENCE": testAudience,
		"DIVE_OPA_URL":        "http://opa:8181",
		"DIVE_MONGO_URL":      "mongodb://dive:s3cret-pw@mongodb:27017/?authSource=admin",
	}
}

func TestParseResourceConfig(t *testing.T) {
	cfg, err := parseConfig(env(fullEnv()))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	want := resourceConfig{Issuer: testIssuer, JWKSURL: testIssuer + "/protocol/openid-connect/certs", Audience: testAudience,
		OPAURL: "http://opa:8181", MongoURL: "mongodb://dive:s3cret-pw@mongodb:27017/?authSource=admin", MongoDatabase: "dive-v3"}
	if cfg.Resources != want || !cfg.Resources.enabled() {
		t.Errorf("got %+v, want %+v", cfg.Resources, want)
	}
	if printed := fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg); strings.Contains(printed, "s3cret-pw") {
		t.Errorf("printing the config shows the Mongo password: %s", printed)
	}

	e := fullEnv()
	e["DIVE_MONGO_DATABASE"] = "dive-v3-fra"
	if cfg, err := parseConfig(env(e)); err != nil || cfg.Resources.MongoDatabase != "dive-v3-fra" {
		t.Errorf("DIVE_MONGO_DATABASE not used: %+v, %v", cfg.Resources, err)
	}
}

func TestParseResourceConfigInvalid(t *testing.T) {
	tests := []struct {
		name    string
		change  map[string]string // "" removes the variable
		mention []string
		absent  []string
	}{
		{"issuer alone", map[string]string{"DIVE_JWKS_URL": "", "DIVE_TOKEN_AUDIENCE": "", "DIVE_OPA_URL": "", "DIVE_MONGO_URL": ""},
			[]string{"DIVE_JWKS_URL", "DIVE_TOKEN_AUDIENCE", "DIVE_OPA_URL", "DIVE_MONGO_URL"}, nil},
		{"two missing", map[string]string{"DIVE_OPA_URL": "", "DIVE_MONGO_URL": " "},
			[]string{"DIVE_OPA_URL, DIVE_MONGO_URL are not"}, []string{"DIVE_JWKS_URL", "DIVE_TOKEN_AUDIENCE"}},
		{"one missing", map[string]string{"DIVE_TOKEN_AUDIENCE": ""}, []string{"DIVE_TOKEN_AUDIENCE is not"}, []string{"DIVE_OPA_URL"}},
		{"OPA URL without scheme", map[string]string{"DIVE_OPA_URL": "opa:8181"}, []string{"DIVE_OPA_URL", `"opa:8181"`}, nil},
		{"JWKS URL with a password", map[string]string{"DIVE_JWKS_URL": "ftp://u:hunter22@kc/certs"},
			[]string{"DIVE_JWKS_URL"}, []string{"hunter22"}},
		{"Mongo URL not mongodb", map[string]string{"DIVE_MONGO_URL": "http://dive:s3cret-pw@mongodb:27017/"},
			[]string{"DIVE_MONGO_URL", "mongodb://"}, []string{"s3cret-pw"}},
		{"Mongo URL the driver rejects", map[string]string{"DIVE_MONGO_URL": "mongodb://dive:s3cret-pw@mongodb:27017/?connectTimeoutMS=soon"},
			[]string{"DIVE_MONGO_URL", "connectTimeoutMS"}, []string{"s3cret-pw", "dive:"}},
		{"database name with a dot", map[string]string{"DIVE_MONGO_DATABASE": "dive.v3"}, []string{"DIVE_MONGO_DATABASE", `"dive.v3"`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fullEnv()
			for k, v := range tc.change {
				e[k] = v
			}
			_, err := parseConfig(env(e))
			if err == nil {
				t.Fatal("expected an error")
			}
			for _, m := range tc.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not name %s", err, m)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(err.Error(), a) {
					t.Errorf("error %q should not contain %s", err, a)
				}
			}
		})
	}
}

func TestRunPartialResourceConfigExitsWithCode2(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), env(map[string]string{
		"DIVE_TOKEN_ISSUER": testIssuer, "DIVE_TOKEN_AUDIENCE": testAudience,
		"DIVE_MONGO_URL": "mongodb://dive:s3cret-pw@mongodb:27017/",
	}), &stderr)
	if code != 2 {
		t.Fatalf("exit code = %d, want 2", code)
	}
	out := stderr.String()
	for _, name := range []string{"configuration error", "DIVE_JWKS_URL", "DIVE_OPA_URL"} {
		if !strings.Contains(out, name) {
			t.Errorf("stderr does not name %s: %q", name, out)
		}
	}
	if strings.Contains(out, "s3cret-pw") || strings.Contains(out, "DIVE_TOKEN_AUDIENCE") {
		t.Errorf("stderr shows the password or names a variable that is set: %q", out)
	}
}

func TestRunWithResourceAPI(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	e := fullEnv()
	e["PORT"] = port
	// Already cancelled: run starts (the database is not contacted at start),
	// then stops cleanly straight away.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr syncBuffer
	if code := run(ctx, env(e), &stderr); code != 0 {
		t.Fatalf("exit code = %d, want 0; stderr:\n%s", code, stderr.String())
	}
	out := stderr.String()
	if !strings.Contains(out, "resources=on(issuer="+testIssuer+" audience="+testAudience+" database=dive-v3)") ||
		!strings.Contains(out, "stop service=backend clean") {
		t.Errorf("stderr:\n%s", out)
	}
	if strings.Contains(out, "s3cret-pw") || strings.Contains(out, "mongodb://") {
		t.Errorf("stderr shows the Mongo URL:\n%s", out)
	}
}

func TestMongoStoreUnreachable(t *testing.T) {
	// A port nothing listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	store, err := newMongoStore(secretString("mongodb://diveuser:s3cret-pw@"+addr+"/?authSource=admin"), "dive-v3", 200*time.Millisecond)
	if err != nil {
		t.Fatalf("newMongoStore: %v", err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = store.FindResource(ctx, "doc-1")
	var malformed *malformedResourceError
	if err == nil || errors.Is(err, errNotFound) || errors.As(err, &malformed) {
		t.Fatalf("FindResource against nothing = %v, want an unavailable error", err)
	}
	if ctx.Err() != nil {
		t.Error("the store did not give up within its server selection timeout")
	}
	msg := err.Error()
	if strings.Contains(msg, "s3cret-pw") || strings.Contains(msg, "diveuser") {
		t.Errorf("error shows credentials: %s", msg)
	}
	if !strings.Contains(msg, "connection refused") {
		t.Errorf("error does not say why: %s", msg)
	}
}

func TestMongoRedactor(t *testing.T) {
	uri := "mongodb://dive%40ops:p%3Ass@h1:27017,h2:27017/dive-v3?authSource=admin"
	r := mongoRedactor(uri)
	got := r.Replace("a " + uri + " b dive@ops c p:ss d dive%40ops e p%3Ass f")
	for _, secret := range []string{"dive@ops", "p:ss", "dive%40ops", "p%3Ass", "h1:27017,h2"} {
		if strings.Contains(got, secret) {
			t.Errorf("%q left in %q", secret, got)
		}
	}
	if !strings.HasPrefix(got, "a <redacted> b") || !strings.HasSuffix(got, " f") {
		t.Errorf("redacted text = %q", got)
	}
}

func TestWWWAuthenticateIsQuotable(t *testing.T) {
	got := wwwAuthenticate(errorBody{Error: "invalid_token", Reason: "kid \"x\\y\"\n\u00e9"})
	want := `Bearer error="invalid_token", error_description="kid 'x/y'??"`
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
