package trailtest

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
)

// TestKey returns fixed RSA key number n (1 or 2) for signing digest
// files in tests: the same key on every run, so that signatures and
// fingerprints in golden files stay put. These keys are public; they
// sign nothing but test data.
func TestKey(n int) *rsa.PrivateKey {
	if n < 1 || n > len(testKeysPEM) {
		panic(fmt.Sprintf("trailtest: TestKey(%d): want 1 to %d", n, len(testKeysPEM)))
	}
	block, _ := pem.Decode([]byte(testKeysPEM[n-1]))
	k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	if err != nil {
		panic("trailtest: TestKey: " + err.Error())
	}
	return k
}

var testKeysPEM = [...]string{
	`
-----BEGIN RSA PRIVATE KEY-----
MIIEogIBAAKCAQEAz6nf2j/1UlFep3ysbcNViFkJ8JIFgCBgJWCuHdJS2NhGOVCe
kigbaxC5E9HmDeVUWMv47KUktMy6dEc0TtX7/aNsrM/ay+gdr3+SKKpWNAAnAbhu
Bb48NadgPhAKmo4bEXeNlXy58KM6i3JxERLWliSeojScxBUwiFV/rwxfqLUh1u/P
IdDPCPuGHoKmztcTwWif4fwbu0BlTFbft4UvqlZbbvJPLI/bHa1QbM6Bf8q+W2FS
M6G6YrGnWBrji0InCSIC37FTwvgaoyEnDQEqnq9CLP/vjglaAge9RCUTDHYR9zP2
JolcKSqI10fkgaNEPNagTgAv9udLgRCRArFfnQIDAQABAoIBAD/AZ3wRqYcZeuUR
NcBGuOHwb8g+k9i3V7zx1tJJ6OwwTTK4SM4W6P/v9NmcVTOL5V6TU/qWYlPtDAq5
d1oCgGdn/et5rjJuMnrXv6+jR26UY2U4UPKLaeGQ3k9/TjoPiUjN+pXbYhv5iHYZ
7pMuxNj4Kgki/MOHu8wG73l2Y4Gfd/YJVmJD1xSRKm8iPp2HS6DbPk+sMWYaVotL
qopeG/HIP0SH4W9FMj+B1mTDRClP+dky5RKTz9wSv4nir9vitm2qSxLcc7o8LjlZ
hpQwOrHV/5Gk5hmuX4bxf7p34es3e0fImRAgu2Sf0f3OQ3qIQJxL0N5QosMk2aO1
GXXnxmMCgYEA92RLuz2kQ0jSB16euORUQKfHWzypjun6VK/BmOKTwzZfI53TAU7H
H8ZwBn4pvGfm2miEqrbDKaIY3OxFAwLv9wMFsmKeNHtc8825XdUP/0CNRpSU7YtI
c86j9/tHchDqvx4zDOu7bVC3+N+df6hSfMgVLXJGZVei5q5fvEtn8jMCgYEA1uOw
jFdsx0ssu7z2KN5+j2GV7c/llmAy9t6N4tpN52S2rM9vOVCxUce0nZDLwdJ/jbDN
ZQ5mvPt5xKsVXdmZ03B+MMdJdXNQZ7z8JGBwRUq+zPXP+C/UGnkhJu9ojpa9ZHrP
PRWNHeaMoD8EtiHaG28GQgDAoTB3IilQAXWytu8CgYBbSm+H0N9k1OJsRcZchCVz
FnbCfEg1rLHrvk+6kyHjz5ScGAldWiyw1RFR1AyisdTGk/sg5ABwxJhYLffpfJQA
muTnRu0KgNt0PF5C+fTFRJTdjsbGQbeixIZNZDShKwz1Kbe89OBdHoRFGn+MNBj8
YvktpBXGH+jFJ2O8oDbjcQKBgCujj43gjzGlvY7en+rKzE7X1Xe2+XvhS1hA9/Vy
udFc7ZAIjCDKl0fxU2eQKSDSW57tobh9BTYpp5/d0nf9obSDqszDG9LjORfoFBhb
EVGxDTBYVwSiyeMaaDYc9lHGoO2P1xgjkUXaNQKx6YYHN+DMWiv7NSNG0Vq5owq4
2TM3AoGAUiecB9QYnltlNlXdiIUO+gsLPQbI36sDMzwGBak0TFNybewLdYtBg/NU
pKh+kPrc45Ov4YcsYjJEfSM0nO3qNGeao7x49SOcRrOujyRlu7SLVLhRO+ZXtDa/
RCUWKmULevb0JsqSn0RTf3J2BPJj+wZc7hLanfXNqMrb96mrSak=
-----END RSA PRIVATE KEY-----
`,
	`
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAuYYsiw+D9qCKk6ANz6awyFav9c61Uz4druyR8o1QbkV9t/5e
RKEm/REN7o2I07dR7lT/np3pI9RP1CQQ1mCkrUv4e3Ei3P+A9OYuTq4PDBNyG8jP
ZsZgZ/jARhZHjBBV1fBTQ2Gt9PZuAOfiNoQI72wkYYYBs1FN2o4Ys90NbmuQloSi
XeNMF8+COCOKvTjP5+1aimnQR37TmL+TrpQA8Mwya8Lz/X8jN+nCi3U3Y7Ax4xBS
gOvUdtfeVUvSbqGoegCKct+AwvkGVKc+9u3owQxa657LGdArnopXUQ7oaP3+qmkj
AxniQBOx9w4US4ENMQMTDgtC5VnG4pVzxF6wUQIDAQABAoIBAAvTlY3U0p77a3IP
MyowUFcpDYUAJRd2H3rJ6mDZqM2qwOGkhbpewodB2c9B9v22EzM7+GKSYu0NiPw3
Q1qDJSRF8kReOTB42i3iaYPK/TsSF0VVpwEAdt9R4GHnZC610N73N7uVI7t4pRkK
LyW2A4LNtEECQ6P8dBfRVJpMpmFKPrxAwDTxADuJ0B+gbg8VdEMUOKR5WRM/6eAs
Vc0jTbf3OfaMGjaZKLTb1jCBVcSB98pIwFFZ094wlgVU5re9wWQ9HZjaOaom4+jD
wXGhJqcbhF63Qbu8vEi0qdcVJvHYWTfNHlgnlsHmxfJ/q9ujO6BHUrzUc2NYIKfD
4DpN5aUCgYEA6ppszmKNiHMjYUEB9lR7Zr+TdwC5EmSocEg86fjDsNSiCcHWqnGH
TuynIzMDwUzN61/h7kpmNReH1hin5gm2vqpHjtO55G29QqAsxB6ceTkpLo4khFCV
ENElFbQhfjB4wftF2pJBZGLprqUsdDNRzTnAJWeuQ9P3w7OZ4kkV/TUCgYEAynHW
cq1shJolL9gTZeYoZQEK/xXQ8JY6AFjJAq+iNfV4vFMW56EOIXimBq7662YGJnL4
jakdymNAo4SRqOtkQ6i//m1TBBEulg84NhlnXvCF1aDrqEsf7VK09aUjlQXfU2DK
NTqiiuqguyoyfTloDYTUagxREItefTFPLmK4Ni0CgYEA0KsSZHAcW2Wt7m8YA7YZ
HMcBrzOhac7GUzitlZ6C0OIQToVvHqNkKrsr3o8do+1gqx7Zok3iow6O78t2a5Hw
TZ6/jzabfaZuVLiLmNVxcBF7o8Eikd3q+M5OIgPaVpdekYuiEktMhrHEEGcyJxkO
hW/8jEiwI/yBwDwbf75qJJECgYAB79LgZ/5Yymy+p2+QEwKh7L+hLyE/nABUDoVl
zC5eG8oa6ySV9LmA4nmcKMJnzCMU7RaprEuHqylsJxGJry7XYt7rXTplGJD8iIq+
IcIWa3CsWYzHoGheyeLHUtwjSdoYHx3wIm55q8L752xyPEFdl768gP+pi9vMkNM0
G2etxQKBgEToclWGBmIJQLBlbZZeBOTTcRMMqC+mbv9Hj1EJv2RfjQeM8iZh2RuB
vC+Hde79SM6nbxOa7/fPVV46YvIya7iMdOYCfg6gWZlElCgaJ5h1QcZL1zzhdu/x
UhRQlu0zQ5fKzTujq3yjidxRhoY2FtuYoxkRnhH4ZdcDCUqv+/sc
-----END RSA PRIVATE KEY-----
`,
}
