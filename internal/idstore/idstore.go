// Package idstore lets the record decoder of package event keep a decoded
// userIdentity in the memory it allocates for the whole record, without
// package identity exporting that machinery.
//
// Package identity defines its storage as an instance of [Storage] and
// registers its decoder with [SetDecoder] when it is initialised; package
// event, which imports identity, embeds the same instance in its per-record
// block and calls [DecodeString]. The decoder is set once, before any
// package that imports identity runs, and never changes.
package idstore

// Storage is room for one decoded identity (U) and the nested objects a
// typical identity has: its session context (S: SC with the session
// issuer SI, attributes AT and web identity federation data WF), and the
// onBehalfOf object (OB). The zero value is ready to use.
//
// The nested objects are behind pointers, so that a Storage for an
// identity without them (an AWS service, an IAM user calling with an
// access key) is small: the decoder allocates S or OB when the identity
// has the object and the pointer is nil. A caller that expects them sets
// the pointers beforehand to room allocated together with the Storage.
type Storage[U, SC, SI, AT, WF, OB any] struct {
	U  U
	S  *Session[SC, SI, AT, WF]
	OB *OB

	// Used records that the Storage has been decoded into before, so
	// that parts left over from then must be reset before reuse.
	Used bool
}

// Session is room for a session context and the objects nested in it.
type Session[SC, SI, AT, WF any] struct {
	SC SC
	SI SI
	AT AT
	WF WF
}

// A Decoder decodes the identity object at the start of s into st and
// returns it with the number of bytes of s it read.
type Decoder[U, SC, SI, AT, WF, OB any] func(st *Storage[U, SC, SI, AT, WF, OB], s string) (u *U, n int, err error)

// decoder is the registered Decoder; its type is that of the one instance
// package identity uses.
var decoder any

// SetDecoder registers package identity's decoder. It is called once, from
// identity's initialisation.
func SetDecoder[U, SC, SI, AT, WF, OB any](f Decoder[U, SC, SI, AT, WF, OB]) { decoder = f }

// DecodeString decodes with the registered decoder. It panics if no
// decoder of this instance is registered, which is a programming error
// inside this module.
func DecodeString[U, SC, SI, AT, WF, OB any](st *Storage[U, SC, SI, AT, WF, OB], s string) (*U, int, error) {
	return decoder.(Decoder[U, SC, SI, AT, WF, OB])(st, s)
}
