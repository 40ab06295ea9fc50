package event

import (
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/idstore"
)

// identityStorage is the room package identity decodes a userIdentity
// into: the identity and its usual nested objects.
type identityStorage = idstore.Storage[identity.UserIdentity, identity.SessionContext,
	identity.SessionIssuer, identity.Attributes, identity.WebIDFederationData, identity.OnBehalfOf]
