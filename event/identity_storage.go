package event

import (
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/idstore"
)

// identityStorage is the room package identity decodes a userIdentity
// into: the identity and its usual nested objects.
type identityStorage = idstore.Storage[identity.UserIdentity, identity.SessionContext,
	identity.SessionIssuer, identity.Attributes, identity.WebIDFederationData, identity.OnBehalfOf]

// identitySession is the room for a userIdentity's sessionContext and
// the objects nested in it.
type identitySession = idstore.Session[identity.SessionContext, identity.SessionIssuer,
	identity.Attributes, identity.WebIDFederationData]
