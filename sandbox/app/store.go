package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// resourcesCollection holds the resource documents, as in DIVE V3.
const resourcesCollection = "resources"

// mongoStore is the resourceStore of a Mongo-wire database (FerretDB in the
// sandbox). Its errors never contain the URL or its credentials.
type mongoStore struct {
	client   *mongo.Client
	coll     *mongo.Collection
	redactor *strings.Replacer
}

// validateMongoURL checks uri the way the driver will read it; the error does
// not contain the URL or its credentials.
func validateMongoURL(uri string) error {
	if !strings.HasPrefix(uri, "mongodb://") && !strings.HasPrefix(uri, "mongodb+srv://") {
		return errors.New("must start with mongodb:// or mongodb+srv://")
	}
	if err := options.Client().ApplyURI(uri).Validate(); err != nil {
		return errors.New(mongoRedactor(uri).Replace(err.Error()))
	}
	return nil
}

// newMongoStore prepares a client for uri; it connects lazily (the first
// request, or the driver's background monitoring), so a database that is down
// does not stop the service from starting. timeout bounds server selection and
// connecting.
func newMongoStore(uri secretString, database string, timeout time.Duration) (*mongoStore, error) {
	redactor := mongoRedactor(string(uri))
	opts := options.Client().ApplyURI(string(uri)).
		SetAppName("dive-sandbox-backend").
		SetServerSelectionTimeout(timeout).
		SetConnectTimeout(timeout)
	client, err := mongo.Connect(context.Background(), opts)
	if err != nil {
		return nil, fmt.Errorf("invalid DIVE_MONGO_URL (value not shown): %s", redactor.Replace(err.Error()))
	}
	return &mongoStore{
		client:   client,
		coll:     client.Database(database).Collection(resourcesCollection),
		redactor: redactor,
	}, nil
}

// FindResource implements resourceStore. The caller's ctx bounds it.
func (s *mongoStore) FindResource(ctx context.Context, resourceID string) (resource, error) {
	res := s.coll.FindOne(ctx, bson.D{{Key: "resourceId", Value: resourceID}})
	if err := res.Err(); err != nil {
		if errors.Is(err, mongo.ErrNoDocuments) {
			return resource{}, errNotFound
		}
		// The driver's message says why (e.g. the topology with "connection
		// refused"); it names hosts but not the URL's credentials, and those
		// are redacted anyway.
		if errors.Is(err, context.DeadlineExceeded) || mongo.IsTimeout(err) {
			return resource{}, errors.New("no answer within the time limit: " + s.redactor.Replace(err.Error()))
		}
		return resource{}, errors.New("datastore error: " + s.redactor.Replace(err.Error()))
	}
	var doc resource
	if err := res.Decode(&doc); err != nil {
		return resource{}, &malformedResourceError{ResourceID: resourceID, Err: errors.New(s.redactor.Replace(err.Error()))}
	}
	return doc, nil
}

// Close disconnects the client.
func (s *mongoStore) Close(ctx context.Context) error {
	return s.client.Disconnect(ctx)
}

// mongoRedactor replaces the URL and its user information (as written and
// unescaped) with "<redacted>", for driver messages that might echo them.
func mongoRedactor(uri string) *strings.Replacer {
	secrets := []string{uri}
	if _, rest, ok := strings.Cut(uri, "://"); ok {
		authority, _, _ := strings.Cut(rest, "/")
		if i := strings.LastIndex(authority, "@"); i >= 0 {
			user, password, _ := strings.Cut(authority[:i], ":")
			for _, s := range []string{authority[:i], user, password} {
				secrets = append(secrets, s)
				if u, err := url.PathUnescape(s); err == nil {
					secrets = append(secrets, u)
				}
			}
		}
	}
	var pairs []string
	for _, s := range secrets {
		// Very short values (e.g. a one-letter user) would redact unrelated text;
		// the URL itself is always replaced first, as it is the longest.
		if len(s) >= 3 {
			pairs = append(pairs, s, "<redacted>")
		}
	}
	return strings.NewReplacer(pairs...)
}
