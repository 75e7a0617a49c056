package main

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// tokenError is why a token was rejected (401 invalid_token).
type tokenError struct{ reason string }

func (e *tokenError) Error() string { return e.reason }

func rejectf(format string, args ...any) error {
	return &tokenError{reason: fmt.Sprintf(format, args...)}
}

// keysUnavailableError means the realm's keys could not be fetched, so the
// token could be neither accepted nor rejected on its merits (503).
type keysUnavailableError struct{ reason string }

func (e *keysUnavailableError) Error() string { return e.reason }

// tokenClaims are the claims the resource API uses. The DIVE attributes are
// kept as they arrive (any JSON value) and handed to OPA, which judges their
// shape; absent ones stay absent.
type tokenClaims struct {
	jwt.RegisteredClaims
	UniqueID             any `json:"uniqueID"`
	Clearance            any `json:"clearance"`
	CountryOfAffiliation any `json:"countryOfAffiliation"`
	AcpCOI               any `json:"acpCOI"`
}

// subject is the subject half of the OPA input. acpCOI is an array claim; a
// single string (a single-valued mapper) is taken as a one-element array.
func (c *tokenClaims) subject() map[string]any {
	s := map[string]any{}
	for name, v := range map[string]any{
		"uniqueID":             c.UniqueID,
		"clearance":            c.Clearance,
		"countryOfAffiliation": c.CountryOfAffiliation,
	} {
		if v != nil {
			s[name] = v
		}
	}
	switch coi := c.AcpCOI.(type) {
	case nil:
	case string:
		s["acpCOI"] = []string{coi}
	default:
		s["acpCOI"] = coi
	}
	return s
}

// uniqueID is the subject's uniqueID for the log, "" when it is not a string.
func (c *tokenClaims) uniqueID() string {
	s, _ := c.UniqueID.(string)
	return s
}

// tokenVerifier validates access tokens of one Keycloak realm.
type tokenVerifier struct {
	issuer, audience string
	keys             *jwksCache
	now              func() time.Time
	parser           *jwt.Parser
}

func newTokenVerifier(issuer, audience string, keys *jwksCache, now func() time.Time) *tokenVerifier {
	return &tokenVerifier{
		issuer:   issuer,
		audience: audience,
		keys:     keys,
		now:      now,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{"RS256"}),
			jwt.WithIssuer(issuer),
			jwt.WithAudience(audience),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithLeeway(tokenLeeway),
			jwt.WithTimeFunc(now),
		),
	}
}

// verify returns the claims of a valid token, a *tokenError saying why the
// token is not valid, or a *keysUnavailableError.
func (v *tokenVerifier) verify(raw string) (*tokenClaims, error) {
	claims := &tokenClaims{}
	tok, err := v.parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, ok := t.Header["kid"].(string)
		if !ok || kid == "" {
			return nil, rejectf("the token header has no kid")
		}
		return v.keys.key(kid)
	})
	if err == nil {
		return claims, nil
	}
	return nil, v.explain(tok, claims, err)
}

// explain turns a parser error into the reason given to the client.
func (v *tokenVerifier) explain(tok *jwt.Token, claims *tokenClaims, err error) error {
	var rejected *tokenError
	var unavailable *keysUnavailableError
	if tok != nil && tok.Header != nil {
		if alg, _ := tok.Header["alg"].(string); alg != "RS256" {
			return rejectf("alg %q is not allowed (RS256 only)", alg)
		}
	}
	switch {
	case errors.As(err, &unavailable):
		return unavailable
	case errors.As(err, &rejected):
		return rejected
	case errors.Is(err, jwt.ErrTokenMalformed):
		return rejectf("malformed token: %s", strings.TrimPrefix(err.Error(), jwt.ErrTokenMalformed.Error()+": "))
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return rejectf("signature does not verify with key %q", tok.Header["kid"])
	case !errors.Is(err, jwt.ErrTokenInvalidClaims):
		return rejectf("unverifiable token: %v", err)
	}

	now := v.now().UTC()
	switch {
	case claims.Issuer == "":
		return rejectf("issuer is missing, expected %s", v.issuer)
	case claims.Issuer != v.issuer:
		return rejectf("issuer %s is not %s", claims.Issuer, v.issuer)
	case len(claims.Audience) == 0:
		return rejectf("audience is missing, expected %s", v.audience)
	case !slices.Contains(claims.Audience, v.audience):
		return rejectf("audience [%s] does not contain %s", strings.Join(claims.Audience, " "), v.audience)
	case claims.ExpiresAt == nil:
		return rejectf("the token has no exp")
	case errors.Is(err, jwt.ErrTokenExpired):
		return rejectf("token expired at %s (now %s, leeway %s)", stamp(claims.ExpiresAt), now.Format(time.RFC3339), tokenLeeway)
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return rejectf("token not valid before %s (now %s, leeway %s)", stamp(claims.NotBefore), now.Format(time.RFC3339), tokenLeeway)
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return rejectf("token issued in the future at %s (now %s, leeway %s)", stamp(claims.IssuedAt), now.Format(time.RFC3339), tokenLeeway)
	}
	return rejectf("invalid claims: %s", strings.TrimPrefix(err.Error(), jwt.ErrTokenInvalidClaims.Error()+": "))
}

func stamp(d *jwt.NumericDate) string {
	if d == nil {
		return "-"
	}
	return d.UTC().Format(time.RFC3339)
}

// jwksCache holds a realm's RSA signing keys by kid. A kid it does not know
// makes it refetch the JWKS, but at most once per minInterval, so tokens with
// made-up kids cannot turn it into a load generator against Keycloak.
type jwksCache struct {
	url         string
	client      *http.Client
	timeout     time.Duration
	now         func() time.Time
	minInterval time.Duration

	fetchMu sync.Mutex // one fetch at a time; lookups of known kids never wait for it

	mu        sync.Mutex // guards the fields below
	keys      map[string]*rsa.PublicKey
	fetchedAt time.Time // last fetch attempt
	fetchErr  error     // that attempt's error
	fetches   int       // attempts so far
}

func newJWKSCache(url string, timeout time.Duration, now func() time.Time) *jwksCache {
	return &jwksCache{
		url:         url,
		client:      &http.Client{Timeout: timeout},
		timeout:     timeout,
		now:         now,
		minInterval: jwksRefetchInterval,
	}
}

// key returns the key for kid, a *tokenError when the realm has no such key,
// or a *keysUnavailableError when the JWKS could not be fetched.
func (c *jwksCache) key(kid string) (*rsa.PublicKey, error) {
	if k := c.cached(kid); k != nil {
		return k, nil
	}
	c.fetchMu.Lock()
	defer c.fetchMu.Unlock()

	c.mu.Lock()
	k := c.keys[kid] // another request may have fetched it meanwhile
	due := c.fetches == 0 || c.now().Sub(c.fetchedAt) >= c.minInterval
	if k == nil && due {
		c.fetches++
		c.fetchedAt = c.now()
	}
	c.mu.Unlock()
	if k != nil {
		return k, nil
	}

	if due {
		// Not the request's context: a client that hangs up must not leave
		// a failed fetch behind for the next 10 s.
		ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
		keys, err := c.fetch(ctx)
		cancel()
		c.mu.Lock()
		c.fetchErr = err
		if err == nil {
			c.keys = keys
		}
		c.mu.Unlock()
		if k := c.cached(kid); k != nil {
			return k, nil
		}
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fetchErr != nil {
		return nil, &keysUnavailableError{reason: "cannot fetch the realm's JWKS: " + c.fetchErr.Error()}
	}
	known := make([]string, 0, len(c.keys))
	for k := range c.keys {
		known = append(known, k)
	}
	sort.Strings(known)
	return nil, rejectf("unknown kid %q: not a signing key of the realm (known: [%s])", kid, strings.Join(known, " "))
}

func (c *jwksCache) cached(kid string) *rsa.PublicKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.keys[kid]
}

func (c *jwksCache) fetch(ctx context.Context) (map[string]*rsa.PublicKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, errors.New(transportReason(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxDependencyBody+1))
	if err != nil {
		return nil, errors.New(transportReason(err))
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if len(raw) > maxDependencyBody {
		return nil, errors.New("the JWKS is larger than 1 MiB")
	}
	return parseJWKS(raw)
}

// jsonWebKey holds the members of a JWK (RFC 7517) that an RSA signing key uses.
type jsonWebKey struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// parseJWKS returns the RS256 signing keys of a JWK set by kid. Keys for other
// uses (Keycloak also publishes an RSA-OAEP encryption key) or types, and keys
// that do not parse or are shorter than 2048 bits, are left out.
func parseJWKS(raw []byte) (map[string]*rsa.PublicKey, error) {
	var set struct {
		Keys []jsonWebKey `json:"keys"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("malformed JWKS: %v", err)
	}
	keys := map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		if k.Kty != "RSA" || k.Kid == "" || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != "RS256") {
			continue
		}
		if pub, err := rsaPublicKey(k.N, k.E); err == nil {
			keys[k.Kid] = pub
		}
	}
	return keys, nil
}

func rsaPublicKey(n64, e64 string) (*rsa.PublicKey, error) {
	nb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(n64, "="))
	if err != nil {
		return nil, fmt.Errorf("n: %v", err)
	}
	eb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(e64, "="))
	if err != nil {
		return nil, fmt.Errorf("e: %v", err)
	}
	n := new(big.Int).SetBytes(nb)
	if n.BitLen() < 2048 {
		return nil, fmt.Errorf("modulus of %d bits, want at least 2048", n.BitLen())
	}
	e := new(big.Int).SetBytes(eb)
	if !e.IsInt64() || e.Int64() < 3 || e.Int64() > 1<<31-1 || e.Bit(0) == 0 {
		return nil, errors.New("unusable exponent")
	}
	return &rsa.PublicKey{N: n, E: int(e.Int64())}, nil
}
