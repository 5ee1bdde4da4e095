# syntax=docker/dockerfile:1
# lookalike in a container: a static binary (CGO_ENABLED=0: the SQLite and
# PostgreSQL drivers are pure Go) on an empty base, run as an unprivileged
# user, with CA certificates for RDAP, webhooks and PostgreSQL over TLS.
#   docker build -t lookalike:dev .
#   docker run --rm lookalike:dev scan acmebank.com --resolvers 10.0.0.53
# Checked offline by deploy/kubernetes/dockerfile_test.go.

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, so that a change of source reuses the download layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
	-o /out/lookalike ./cmd/lookalike
# The user the image runs as, and a home it may write (XDG_DATA_HOME for a
# --state file when no PostgreSQL is given).
RUN mkdir -p /out/home && chown 65532:65532 /out/home \
	&& echo 'lookalike:x:65532:65532:lookalike:/home/lookalike:/sbin/nologin' >/out/passwd \
	&& echo 'lookalike:x:65532:' >/out/group

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/passwd /etc/passwd
COPY --from=build /out/group /etc/group
COPY --from=build --chown=65532:65532 /out/home /home/lookalike
COPY --from=build /out/lookalike /usr/local/bin/lookalike
ENV HOME=/home/lookalike XDG_DATA_HOME=/home/lookalike
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/lookalike"]
CMD ["--help"]
