package event

// wireState is filled in by the codec.
type wireState struct{}

// Version is an eventVersion such as "1.08", kept as recorded and compared
// as (major, minor) integers.
type Version string
