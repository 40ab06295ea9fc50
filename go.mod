module github.com/trailmap/trailmap

go 1.23
