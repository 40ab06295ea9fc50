package identity

// wireState is filled in by the codec: see codec.go.
type wireState struct{}
