module github.com/trailmap/trailmap

go 1.23

require github.com/google/go-cmp v0.7.0

require github.com/santhosh-tekuri/jsonschema/v5 v5.3.1
